/**
 * What a WebGPU adapter is, and whether it is a real GPU. `auto` must never pick a software
 * renderer: Mesa's llvmpipe/lavapipe/softpipe and Google's SwiftShader run shaders on the CPU,
 * 4–5× slower than the wasm backend, so choosing them "because WebGPU worked" would be a silent
 * slowdown. `--backend webgpu` still runs on them (that is how CI tests WebGPU without a GPU).
 */

/** Adapter facts recorded in the report's `environment.adapter`. */
export interface WebGpuAdapterInfo {
  /** `GPUAdapterInfo.vendor` (e.g. `nvidia`; empty on Dawn's OpenGL ES backend). */
  vendor: string;
  /** `GPUAdapterInfo.architecture` (e.g. `hopper`; may be empty). */
  architecture: string;
  /** `GPUAdapterInfo.device` (Dawn puts the renderer name here, e.g. `llvmpipe-…`). */
  device: string;
  /** `GPUAdapterInfo.description` (driver / API version text). */
  description: string;
  /** Dawn backend the adapter was requested from: `vulkan`, `opengles`, `metal`, `d3d12`, … */
  dawnBackend: string;
  /** `GPUAdapterInfo.isFallbackAdapter`: the browser-style "this is a CPU implementation" flag. */
  isFallbackAdapter: boolean;
  /** Why the adapter is a software renderer; absent for hardware. See {@link softwareRendererReason}. */
  software?: string;
}

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
