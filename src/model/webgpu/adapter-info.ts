/**
 * What a WebGPU adapter is, and whether it is a real GPU. `auto` must never pick a software
 * renderer: Mesa's llvmpipe/lavapipe/softpipe and Google's SwiftShader run shaders on the CPU,
 * 4–5× slower than the wasm backend, so choosing them "because WebGPU worked" would be a silent
 * slowdown. `--backend webgpu` still runs on them (that is how CI tests WebGPU without a GPU).
 */
import type { WebGpuAdapterInfo } from '../../report/webgpu-adapter-types.js';

/**
 * Renderer names of CPU implementations, matched case-insensitively in vendor, architecture,
 * device and description. Dawn reports no adapter type to JavaScript, so the names are the
 * evidence: Mesa names its software rasterisers `llvmpipe` (GL), `lavapipe` / `llvmpipe` (Vulkan),
 * `softpipe` and `swrast`; SwiftShader calls itself `SwiftShader`; Microsoft's WARP is the
 * `Microsoft Basic Render Driver`.
 */
const softwareNames = /llvmpipe|lavapipe|softpipe|swrast|swiftshader|basic render driver|software rasterizer/i;

/**
 * Why the adapter is a software renderer, or undefined when it looks like hardware. A fallback
 * adapter is software by definition; otherwise the first software renderer name found in its
 * strings decides.
 */
export function softwareRendererReason(adapter: Omit<WebGpuAdapterInfo, 'software'>): string | undefined {
  if (adapter.isFallbackAdapter) return 'the adapter says it is a fallback (CPU) adapter';
  for (const field of ['device', 'description', 'vendor', 'architecture'] as const) {
    const match = softwareNames.exec(adapter[field]);
    if (match) return `its ${field} names the software renderer "${match[0]}"`;
  }
  return undefined;
}

/** One line naming the adapter, e.g. `llvmpipe-llvm-15… (OpenGL ES 3.2 Mesa 22.3.6) via Dawn opengles`. */
export function describeAdapter(adapter: WebGpuAdapterInfo): string {
  const name = [adapter.vendor, adapter.architecture, adapter.device].filter(Boolean).join(' ') || 'unnamed adapter';
  const description = adapter.description ? ` (${adapter.description})` : '';
  return `${name}${description} via Dawn ${adapter.dawnBackend}${adapter.software ? ', software renderer' : ''}`;
}
