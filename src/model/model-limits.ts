import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';

/**
 * Size limits checked before tfjs allocates anything for a model. The weights are capped by the
 * manifest (`defaultMaxWeightBytes`, sizes checked against the files on disk); these bound what
 * model.json's topology could still ask for: layer variables beyond the manifest, and one input
 * sample (the forward probe and every batch allocate `batch × sample` values).
 */
export const modelLimits = {
  /** Largest number of values in one input sample: 2^24 ≈ 16.8 M (e.g. 2048 × 2048 × 4). */
  maxSampleValues: 2 ** 24,
} as const;

/** Elements of a shape (product of its dimensions; 1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/**
 * Refuses a per-sample input shape over {@link modelLimits.maxSampleValues} values.
 *
 * @throws InputError `MODEL_INPUT_TOO_LARGE`
 */
export function checkSampleSize(inputShape: readonly number[], displayPath: string): void {
  const values = elementCount(inputShape);
  if (values > modelLimits.maxSampleValues) {
    throw new InputError('MODEL_INPUT_TOO_LARGE',
      `Model "${displayPath}" takes inputs of shape [${inputShape.join(', ')}] (${values} values per sample), over the limit of ` +
      `${modelLimits.maxSampleValues} values per sample. Resize the inputs (e.g. downsample the images) and re-export the model.`);
  }
}

/** Element counts of a manifest's weights: the most any layer variable may need. */
export interface WeightBudget {
  /** Elements of the largest weight in the manifest. */
  largest: number;
  /** Elements of all weights in the manifest together. */
  total: number;
}

/** The budget of checked weight specs (shapes already validated as non-negative integers). */
export function weightBudget(specs: readonly tf.io.WeightsManifestEntry[]): WeightBudget {
  let largest = 0;
  let total = 0;
  for (const spec of specs) {
    const elements = elementCount(spec.shape);
    largest = Math.max(largest, elements);
    total += elements;
  }
  return { largest, total };
}

type AddWeight = (this: tf.layers.Layer, name: string, shape: number[], ...rest: unknown[]) => unknown;

/**
 * Runs `build` (deserializing a LayersModel topology) while every layer variable tfjs creates is
 * checked against the manifest before it is allocated. Loading is strict — each variable must
 * match a manifest weight of the same shape — so a variable larger than the largest weight, or
 * variables beyond the manifest's total, can only come from a topology that does not fit its
 * weights (or is hostile: `units: 2e9`); without this check tfjs would allocate and initialise
 * them first. tfjs has no hook for this, so `Layer.prototype.addWeight` is wrapped for the
 * duration of the build and restored after it.
 *
 * @throws InputError `MODEL_WEIGHTS_MISMATCH` naming the layer weight, before allocation
 */
export async function withWeightBudget<T>(budget: WeightBudget, displayPath: string, build: () => Promise<T>): Promise<T> {
  const prototype = tf.layers.Layer.prototype as unknown as { addWeight: AddWeight };
  const original = prototype.addWeight;
  let used = 0;
  prototype.addWeight = function checkedAddWeight(this: tf.layers.Layer, name, shape, ...rest) {
    const elements = Array.isArray(shape) ? elementCount(shape) : Number.NaN;
    if (!Number.isSafeInteger(elements) || elements < 0 || elements > budget.largest || used + elements > budget.total) {
      const shown = Array.isArray(shape) ? `[${shape.join(', ')}]` : String(shape);
      throw new InputError('MODEL_WEIGHTS_MISMATCH',
        `Model "${displayPath}": layer "${this.name}" needs a weight "${name}" of shape ${shown} (${elements} values), but weightsManifest holds ` +
        `${budget.total} values in all (largest weight ${budget.largest}). model.json's layers do not fit its weights; refused before allocating. ` +
        'Re-export the model so model.json and the weight files come from the same save.');
    }
    used += elements;
    return original.call(this, name, shape, ...rest);
  };
  try {
    return await build();
  } finally {
    prototype.addWeight = original;
  }
}
