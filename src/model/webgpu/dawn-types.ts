/**
 * The few WebGPU types robustcheck touches, declared here so the project type-checks and builds
 * without the optional `webgpu` / `@webgpu/types` packages installed.
 */

/** `GPUError` (validation, out-of-memory or internal). */
export interface GpuError {
  readonly message: string;
}

/** `GPUAdapterInfo`. */
export interface GpuAdapterInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

/** `GPUDevice`, as far as it is used. */
export interface GpuDevice {
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): void;
  popErrorScope(): Promise<GpuError | null>;
  onuncapturederror: ((event: { error: GpuError }) => void) | null;
  readonly lost: Promise<{ reason?: string; message: string }>;
  readonly queue: { onSubmittedWorkDone(): Promise<void> };
  destroy(): void;
}

/** `GPUAdapter`, as far as it is used. */
export interface GpuAdapter {
  readonly info: GpuAdapterInfo;
  readonly limits: Record<string, number>;
  requestDevice(descriptor?: { requiredLimits?: Record<string, number> }): Promise<GpuDevice>;
}

/** `GPU` (`navigator.gpu`). */
export interface Gpu {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power'; featureLevel?: 'core' | 'compatibility' }): Promise<GpuAdapter | null>;
}

/** The `webgpu` package (Dawn's Node bindings). */
export interface DawnModule {
  create(flags: string[]): Gpu;
  globals: Record<string, unknown>;
}

/** The part of `@tensorflow/tfjs-backend-webgpu` used. */
export interface TfjsWebGpuModule {
  WebGPUBackend: new (device: GpuDevice, adapterInfo?: GpuAdapterInfo) => unknown;
}
