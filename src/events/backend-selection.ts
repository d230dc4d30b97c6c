/**
 * Which tfjs backend a run computes on, as `run:start` announces it and every report's
 * `environment` records it. Defined here, beside the event that carries it, so the event stream
 * needs nothing from the model loader that makes the choice.
 */
import type { EnvironmentInfo } from '../report/report-types.js';

/** A backend that was considered and not used, with the reason. */
export interface SkippedBackend {
  name: string;
  reason: string;
}

/** Outcome of `selectBackend` (src/model/backend.ts); recorded in every report's `environment`. */
export interface BackendSelection {
  /** The tfjs backend that runs (`tensorflow`, `webgpu`, `wasm` or `cpu`). */
  backend: string;
  /** Why it was chosen. */
  reason: string;
  /** Package that provided a native backend, when one did. */
  nativePackage?: string;
  /**
   * Whether a GPU computes: for `tensorflow`, what the native binding reports
   * (`isUsingGpuDevice`: TensorFlow listed a GPU device); for `webgpu`, whether the adapter is
   * hardware rather than a software renderer. Absent for wasm and cpu.
   */
  gpu?: boolean;
  /** The WebGPU adapter, when `webgpu` runs (the report's `environment.adapter`). */
  adapter?: NonNullable<EnvironmentInfo['adapter']>;
  /** Backends tried before it and why they were not used. */
  skipped: SkippedBackend[];
}
