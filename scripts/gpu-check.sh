#!/usr/bin/env bash
# GPU check: runs the demo suite on WebGPU over Vulkan (the GPU path) and on the wasm CPU backend,
# and prints agreement and speed side by side. For a machine with an NVIDIA GPU (tested path:
# Debian/Ubuntu, NVIDIA driver with its Vulkan ICD). Installs only from the project's own files:
# `npm ci` from package-lock.json (the optional `webgpu` package ships Dawn prebuilt), plus the
# Vulkan loader (libvulkan1) through apt when it is missing.
#
#   scripts/gpu-check.sh [--limit N]        (default: all 1,000 demo samples)
#
# Exit code: 0 when both runs finished and agree (every robust count within one sample), 1 when
# they disagree, 2 when the machine is not set up (no GPU, no Vulkan, software adapter), 3 when a
# run failed. Environment: OUT (report folder, default a temporary one), SKIP_INSTALL=1 to reuse
# node_modules and dist/.
#
# In containers the NVIDIA runtime must expose the graphics capability, or the driver's Vulkan ICD
# is absent: NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics (or all).
set -euo pipefail
cd "$(dirname "$0")/.."

limit=()
if [[ "${1:-}" == "--limit" && -n "${2:-}" ]]; then limit=(--limit "$2"); fi
out=${OUT:-$(mktemp -d -t robustcheck-gpu-check-XXXXXX)}
suite=suites/fashion-mnist.suite.json

say() { printf '== %s\n' "$*"; }

if command -v nvidia-smi >/dev/null 2>&1; then
  say "GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -n 1)"
else
  say "nvidia-smi not found: no NVIDIA driver visible on this machine"
  exit 2
fi

if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  say "installing the Vulkan loader (libvulkan1)"
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  if command -v apt-get >/dev/null 2>&1; then
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends libvulkan1
  else
    say "no apt-get: install the Vulkan loader (libvulkan.so.1) with your package manager"
    exit 2
  fi
fi
icd=$(ls /usr/share/vulkan/icd.d/nvidia*.json /etc/vulkan/icd.d/nvidia*.json 2>/dev/null | head -n 1 || true)
if [[ -z "$icd" ]]; then
  say "warning: no NVIDIA Vulkan ICD file (nvidia_icd.json) found; in a container set NVIDIA_DRIVER_CAPABILITIES to include graphics"
fi

if [[ "${SKIP_INSTALL:-0}" != 1 ]]; then
  say "npm ci and build"
  npm ci --no-audit --no-fund
  npm run build
fi
if [[ ! -f node_modules/webgpu/package.json ]]; then
  say "the optional package webgpu did not install (npm ci skipped it): see npm's log above"
  exit 2
fi

run() {
  local name=$1; shift
  local started=$SECONDS status=0
  env "$@" node dist/src/cli/main.js run "$suite" --reporter plain,json --out "$out/$name" "${limit[@]}" || status=$?
  say "$name: exit $status, $((SECONDS - started)) s wall"
  if [[ $status -ge 2 ]]; then exit 3; fi
}

say "demo suite on webgpu (Dawn over Vulkan)"
run webgpu ROBUSTCHECK_DAWN_BACKEND=vulkan ROBUSTCHECK_BACKEND=webgpu
if ! node -e 'const r = require(process.argv[1]); process.exit(r.environment.gpu === true ? 0 : 1)' "$out/webgpu/fashion-cnn/report.json"; then
  say "webgpu ran on a software adapter, not the GPU: see environment.adapter in $out/webgpu/fashion-cnn/report.json"
  exit 2
fi
say "demo suite on the CPU (wasm backend)"
run wasm ROBUSTCHECK_BACKEND=wasm

say "agreement and speed (base: wasm, candidate: webgpu)"
node dist/scripts/compare-backend-reports.js "$out/wasm/fashion-cnn/report.json" "$out/webgpu/fashion-cnn/report.json"
say "reports in $out"
