#!/usr/bin/env python3
"""Independent FGSM / PGD (L-inf) evaluation of a tfjs Sequential CNN/MLP in PyTorch.

A reference outside robustcheck's code base, for two purposes:
  1. correctness: robust accuracies must agree with `robustcheck run` on the same model, data and
     attack settings (semantics of DESIGN.md: a sample is robust when it is correct on the clean
     input and on every iterate; a sample broken at a smaller eps counts as broken at larger eps);
  2. speed: sample*steps/s of the same evaluation in PyTorch on the same machine (npm run bench).

It reads model.json + weights.bin directly (Conv2D, MaxPooling2D, Flatten, Dense layers) and the
.npz data (uint8 scaled by 1/255). Usage:
  python3 bench/pytorch_reference.py --model suites/models/fashion-cnn --data suites/data/fashion-mnist-test-1k.npz \
      --attack pgd --eps 0.01,0.02,0.03 --steps 20 --step-size 0.0025 [--batch 128] [--threads 2] [--json out.json]
Random start is not supported on purpose: without it both implementations are deterministic and
must agree up to float rounding.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F


def load_tfjs_sequential(model_dir):
    with open(os.path.join(model_dir, "model.json")) as f:
        spec = json.load(f)
    blob = b"".join(open(os.path.join(model_dir, p), "rb").read()
                    for group in spec["weightsManifest"] for p in group["paths"])
    weights, offset = {}, 0
    for group in spec["weightsManifest"]:
        for w in group["weights"]:
            count = int(np.prod(w["shape"])) if w["shape"] else 1
            weights[w["name"]] = np.frombuffer(blob, dtype=np.float32, count=count, offset=offset).reshape(w["shape"])
            offset += 4 * count
    topology = spec["modelTopology"]
    topology = topology.get("model_config", topology)  # Keras-converted files nest it one level deeper
    layers = topology["config"]["layers"]
    ops = []
    for layer in layers:
        kind, cfg = layer["class_name"], layer["config"]
        name = cfg["name"]
        if kind == "Conv2D":
            kernel = torch.tensor(weights[f"{name}/kernel"]).permute(3, 2, 0, 1).contiguous()
            bias = torch.tensor(weights[f"{name}/bias"])
            ops.append(("conv", kernel, bias, cfg["padding"], cfg.get("activation")))
        elif kind == "MaxPooling2D":
            ops.append(("pool", cfg["pool_size"][0], cfg["strides"][0] if cfg.get("strides") else cfg["pool_size"][0]))
        elif kind == "Flatten":
            ops.append(("flatten",))
        elif kind == "Dense":
            ops.append(("dense", torch.tensor(weights[f"{name}/kernel"]).t().contiguous(), torch.tensor(weights[f"{name}/bias"]), cfg.get("activation")))
        else:
            raise SystemExit(f"unsupported layer {kind}")

    def forward(x_nhwc):
        h = x_nhwc.permute(0, 3, 1, 2)
        for op in ops:
            if op[0] == "conv":
                h = F.conv2d(h, op[1], op[2], padding="same" if op[3] == "same" else 0)
                if op[4] == "relu":
                    h = F.relu(h)
            elif op[0] == "pool":
                h = F.max_pool2d(h, op[1], op[2])
            elif op[0] == "flatten":
                h = h.permute(0, 2, 3, 1).reshape(h.shape[0], -1)  # tfjs flattens in HWC order
            else:
                h = F.linear(h, op[1], op[2])
                if op[3] == "relu":
                    h = F.relu(h)
        return h
    return forward


def attack_batch(forward, x, y, eps, steps, step_size):
    """Best-so-far PGD (FGSM = 1 step of size eps): (robust bool tensor, gradient steps done)."""
    robust = forward(x).argmax(1) == y
    current = x.clone()
    work = 0
    for step in range(steps):
        active = robust.nonzero().squeeze(1)
        if active.numel() == 0:
            break
        work += active.numel()
        xa = current[active].detach().requires_grad_(True)
        loss = F.cross_entropy(forward(xa), y[active], reduction="sum")
        grad, = torch.autograd.grad(loss, xa)
        moved = xa.detach() + step_size * grad.sign()
        moved = torch.min(torch.max(moved, x[active] - eps), x[active] + eps).clamp(0, 1)
        current[active] = moved
        still = forward(moved).argmax(1) == y[active]
        robust[active] = still
    return robust, work


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--attack", choices=["fgsm", "pgd"], default="pgd")
    parser.add_argument("--eps", default="0.01")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--step-size", type=float)
    parser.add_argument("--relative-step-size", type=float)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    forward = load_tfjs_sequential(args.model)
    data = np.load(args.data)
    x_all = torch.tensor(data["x"].astype(np.float32) / 255.0)
    y_all = torch.tensor(data["y"].astype(np.int64))
    if args.limit:
        x_all, y_all = x_all[: args.limit], y_all[: args.limit]
    n = len(y_all)
    with torch.no_grad():
        clean = torch.cat([forward(x_all[i:i + args.batch]).argmax(1) for i in range(0, n, args.batch)]) == y_all
    results = []
    broken_before = ~clean
    for eps in [float(e) for e in args.eps.split(",")]:
        steps = 1 if args.attack == "fgsm" else args.steps
        step = eps if args.attack == "fgsm" else (args.step_size if args.step_size else args.relative_step_size * eps)
        started = time.perf_counter()
        robust_independent = torch.zeros(n, dtype=torch.bool)
        todo = (~broken_before).nonzero().squeeze(1)  # carry-over: only samples unbroken so far
        work = 0
        for i in range(0, len(todo), args.batch):
            idx = todo[i:i + args.batch]
            robust_independent[idx], done = attack_batch(forward, x_all[idx], y_all[idx], eps, steps, step)
            work += done
        seconds = time.perf_counter() - started
        broken_before = broken_before | ~robust_independent
        robust = (~broken_before).sum().item()
        results.append({"epsilon": eps, "robustAccuracy": robust / n, "robustCount": robust, "attacked": len(todo),
                        "seconds": seconds, "sampleSteps": work, "sampleStepsPerSecond": work / seconds if seconds else 0})
        print(f"{args.attack} eps={eps}: robust {robust}/{n} = {robust / n:.4f}  ({len(todo)} attacked, {seconds:.2f} s, "
              f"{work / seconds if seconds else 0:.0f} sample*steps/s)")
    out = {"attack": args.attack, "cleanAccuracy": clean.float().mean().item(), "samples": n, "threads": args.threads,
           "torch": torch.__version__, "results": results}
    print(f"clean accuracy {out['cleanAccuracy']:.4f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
