import type * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import type { ModelFormat } from './model-format.js';
import type { OutputActivation } from './output-kind.js';
import type { GraphNodeDef, GraphSignature } from './graph-topology.js';

/**
 * A loaded tfjs model reduced to what the classifier wrapper needs: one input, one output, a
 * forward pass that gradients flow through, and what sits at its output.
 */
export interface Network {
  readonly format: ModelFormat;
  /** Shape of one sample (batch axis removed); every dimension a positive integer. */
  readonly inputShape: number[];
  /** The activation at the output, for `output: "auto"`. */
  readonly outputActivation: OutputActivation;
  /**
   * What a translator to another engine reads: the loaded LayersModel, or the GraphDef nodes with
   * the (dequantised) weights and the chosen input/output names.
   */
  readonly source: NetworkSource;
  /** Runs the model on a (preprocessed) batch in inference mode. Call inside `tf.tidy`. */
  forward(x: tf.Tensor): tf.Tensor;
  /** Frees the model's weights. */
  dispose(): void;
}

/** The loaded tfjs model behind a {@link Network}, for translation to ONNX. */
export type NetworkSource =
  | { kind: 'layers'; model: tf.LayersModel }
  | { kind: 'graph'; model: tf.GraphModel; nodes: readonly GraphNodeDef[]; inputName: string; outputName: string; signature?: GraphSignature };

/**
 * The per-sample input shape from a model's batched input shape. Unknown dimensions (`null`
 * or −1) other than the batch axis are refused: attacks and data checks need a fixed shape.
 *
 * @param batched - input shape including the batch axis, as the model declares it
 * @param requireDynamicBatch - refuse a fixed batch size (GraphModels check it on every call)
 * @throws InputError `MODEL_INPUT_SHAPE`
 */
export function sampleShape(batched: ReadonlyArray<number | null | undefined>, displayPath: string, requireDynamicBatch: boolean): number[] {
  const shown = `[${batched.map((dim) => (dim === null || dim === undefined || dim < 0 ? 'None' : dim)).join(', ')}]`;
  if (batched.length < 2) {
    throw new InputError('MODEL_INPUT_SHAPE', `Model "${displayPath}" has input shape ${shown}: robustcheck needs a batch axis and at least one sample axis.`);
  }
  const batch = batched[0];
  if (requireDynamicBatch && batch !== null && batch !== undefined && batch >= 0) {
    throw new InputError('MODEL_INPUT_SHAPE', `Model "${displayPath}" has input shape ${shown} with a fixed batch size of ${batch}. Re-export it with a dynamic batch axis (None / -1).`);
  }
  const sample = batched.slice(1);
  sample.forEach((dim, index) => {
    if (dim === null || dim === undefined || !Number.isSafeInteger(dim) || dim <= 0) {
      throw new InputError('MODEL_INPUT_SHAPE',
        `Model "${displayPath}" has input shape ${shown}: axis ${index + 1} has no fixed size. ` +
        'Re-export the model with a fixed input shape (e.g. [None, 28, 28, 1]).');
    }
  });
  return sample as number[];
}
