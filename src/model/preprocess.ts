import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';

/** Per-channel normalisation from the suite: `(x − mean) / std` over the last axis. */
export interface PreprocessSpec {
  mean: number[];
  std: number[];
}

/** A checked normalisation; `apply` is differentiable and must run inside `tf.tidy`. */
export interface Preprocessor {
  /** Human-readable form for reports, e.g. `(x − [0.286]) / [0.353]`. */
  readonly description: string;
  apply(x: tf.Tensor): tf.Tensor;
}

/**
 * Checks `model.preprocess` against the model's channel count (last input axis) and builds the
 * normalisation that runs *inside* the classifier, so ε stays measured in input units.
 * `mean` and `std` each hold 1 value (all channels) or one per channel; every std is > 0.
 *
 * @throws InputError `MODEL_PREPROCESS` naming the field.
 */
export function createPreprocessor(spec: PreprocessSpec | undefined, channels: number, displayPath: string): Preprocessor | undefined {
  if (spec === undefined) return undefined;
  const refuse = (message: string): never => {
    throw new InputError('MODEL_PREPROCESS', `Model "${displayPath}": model.preprocess ${message}`);
  };
  for (const field of ['mean', 'std'] as const) {
    const values: unknown = spec[field];
    if (!Array.isArray(values) || values.length === 0 || !values.every((value) => typeof value === 'number' && Number.isFinite(value))) {
      return refuse(`.${field} must be a non-empty list of finite numbers.`);
    }
    if (values.length !== 1 && values.length !== channels) {
      refuse(`.${field} has ${values.length} values but the model input has ${channels} channels (last axis): give 1 value or ${channels}.`);
    }
  }
  if (spec.std.some((value) => value <= 0)) refuse('.std values must all be > 0 (division by std).');
  const mean = Float32Array.from(spec.mean);
  const std = Float32Array.from(spec.std);
  return {
    description: `(x − [${spec.mean.join(', ')}]) / [${spec.std.join(', ')}]`,
    // Created per call inside the caller's tidy: a few floats, and no tensor outlives the call.
    apply: (x) => tf.div(tf.sub(x, tf.tensor1d(mean)), tf.tensor1d(std)),
  };
}
