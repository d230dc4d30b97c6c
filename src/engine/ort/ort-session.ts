import type { OnnxGraph } from '../onnx/ir.js';
import { encodeModel } from '../onnx/codec.js';
import { loadOrt, type NativeSession, type NativeTensor, type OrtModule } from './ort-binding.js';

/** A feed: float32 data with its full shape, or int64 class indices. */
export type Feed = { data: Float32Array; dims: readonly number[] } | { data: BigInt64Array; dims: readonly number[] };

/** Session options that matter for speed (measured: NCHWc layout and Conv+activation fusion need `all`). */
export interface OrtSessionOptions {
  /** Intra-op threads; 0 lets ONNX Runtime decide. */
  threads: number;
}

/**
 * One ONNX Runtime session over a graph, run synchronously. Outputs are copied out of the
 * native tensors so they survive the next run.
 */
export class OrtSession {
  private readonly session: NativeSession;
  private readonly ort: OrtModule;
  readonly outputNames: string[];

  constructor(graph: OnnxGraph | Uint8Array, options: OrtSessionOptions) {
    const ort = loadOrt();
    if (ort instanceof Error) throw ort;
    this.ort = ort;
    const bytes = graph instanceof Uint8Array ? graph : encodeModel(graph);
    this.session = ort.createSession();
    this.session.loadModel(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength, {
      graphOptimizationLevel: 'all',
      intraOpNumThreads: options.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      enableCpuMemArena: true,
      // Off: the recorded pattern is only valid for one input shape, and batch shapes change
      // (early stopping drops broken samples; the last batch is smaller). Measured on the demo:
      // the second run of a new shape took 113 ms with it, 29 ms (the steady state) without.
      enableMemPattern: false,
      executionProviders: [{ name: 'cpu' }],
    });
    this.outputNames = this.session.outputMetadata.map((meta) => meta.name);
  }

  /** Runs the graph; returns the requested outputs (default: all) by name. */
  run(feeds: Record<string, Feed>, outputs: readonly string[] = this.outputNames): Record<string, NativeTensor> {
    const native: Record<string, unknown> = {};
    for (const [name, feed] of Object.entries(feeds)) {
      native[name] = new this.ort.Tensor(feed.data instanceof Float32Array ? 'float32' : 'int64', feed.data, feed.dims);
    }
    const fetches: Record<string, null> = {};
    for (const name of outputs) fetches[name] = null;
    return this.session.run(native, fetches, {});
  }

  dispose(): void {
    this.session.dispose();
  }
}
