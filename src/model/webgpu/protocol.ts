/**
 * Messages between the main thread's `webgpu` backend ({@link RemoteWebGpuBackend}) and the
 * worker thread that owns the Dawn device (`webgpu-worker.ts`). Requests that need an answer
 * (`kernel`, `read`, `sync`) block the main thread until the worker replies; the others are
 * posted and applied in order before the next answered request.
 */
import type { WebGpuAdapterInfo } from '../../report/webgpu-adapter-types.js';

/** Tensor data as tfjs backends store it (typed arrays, or encoded strings). */
export type Values = Float32Array | Int32Array | Uint8Array | Uint8Array[];

/**
 * Data ids: the main thread numbers the data it writes with positive integers, the worker numbers
 * kernel outputs with negative ones, so neither has to ask the other for a fresh id.
 */
export type DataNumber = number;

export type ToWebGpuWorker =
  | { op: 'write'; id: DataNumber; values: Values; shape: number[]; dtype: string }
  | { op: 'incRef'; id: DataNumber }
  | { op: 'dispose'; id: DataNumber; force: boolean }
  | { op: 'kernel'; name: string; inputs: Record<string, InputInfo | null>; attrs: Record<string, unknown> }
  | { op: 'read'; id: DataNumber }
  | { op: 'sync' };

/** A kernel input: the data and the shape it is viewed with (reshapes share data). */
export interface InputInfo {
  id: DataNumber;
  shape: number[];
  dtype: string;
}

/** Shape and dtype of one kernel output, with its id. */
export interface OutputInfo {
  id: DataNumber;
  shape: number[];
  dtype: string;
}

/** Requests that are answered carry a sequence number, echoed in the answer. */
export type Numbered<T> = T & { seq?: number };

export type FromWebGpuWorker =
  | { ok: true; outputs: OutputInfo[]; single: boolean }
  | { ok: true; values: Values }
  | { ok: true }
  | { ok: false; kind: 'gpu' | 'kernel'; message: string };

/** Worker options, passed as `workerData`. */
export interface WebGpuWorkerOptions {
  /** Dawn backends to try, in order (`vulkan`, `opengles`, `metal`, `d3d12`, …). */
  dawnBackends: string[];
  /** Int32 flag the worker sets (1 = answer ready, 2 = worker gone) and notifies. */
  signal: SharedArrayBuffer;
}

/** Device limits that decide how large a tensor can be (bytes). */
export interface DeviceLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

/** The worker's first message on its port. */
export type WebGpuWorkerReady =
  | { ready: true; adapter: WebGpuAdapterInfo; limits: DeviceLimits; kernels: string[] }
  | { ready: false; message: string; tried: { dawnBackend: string; reason: string }[] };
