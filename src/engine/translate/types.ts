import type { OnnxGraph } from '../onnx/ir.js';

/**
 * A tfjs model translated to one ONNX forward graph. The graph reads `inputName` `[N, ...sampleShape]`
 * float32 in the layout the tfjs model takes (NHWC for images) and writes `outputName` `[N, units]`,
 * exactly the tfjs model's raw output (a final softmax/sigmoid included).
 */
export interface ForwardGraph {
  graph: OnnxGraph;
  inputName: string;
  outputName: string;
  /** One sample's shape (batch axis removed). */
  sampleShape: number[];
  /** Output columns. */
  units: number;
}

/** Either the translated graph, or the op types / layer classes that have no translation (deduplicated). */
export type Translation = { ok: true; forward: ForwardGraph } | { ok: false; unsupported: string[] };

/**
 * Per-channel affine preprocessing folded in front of the model: `x · scale + shift` on the last
 * input axis (one value each, or one per channel). `(x − mean) / std` is scale 1/std, shift −mean/std.
 */
export interface PreprocessAffine {
  scale: Float32Array;
  shift: Float32Array;
}

/** Options shared by both translators. */
export interface TranslateOptions {
  /** Emitted right after the graph input, so attacks see the unpreprocessed input. */
  preprocess?: PreprocessAffine;
}

/** Value names of every graph the translators write. */
export const forwardNames = { input: 'x', output: 'y' } as const;
