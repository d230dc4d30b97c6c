/** The WebGPU adapter a run used, as `report.json` records it (read by `src/model/webgpu/adapter-info.ts`). */

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
  /** Why the adapter is a software renderer; absent for hardware. See `softwareRendererReason` in `src/model/webgpu/adapter-info.ts`. */
  software?: string;
}
