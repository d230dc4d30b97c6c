import * as tf from '@tensorflow/tfjs';
import { asRows } from '../../src/tensor/rows.js';
import { InputError } from '../../src/errors.js';
import type { AttackContext } from '../types.js';

/** Size of an NHWC image batch. */
export interface ImageSize {
  n: number;
  height: number;
  width: number;
  channels: number;
}

/**
 * Checks that `x` is an NHWC image batch `[n, height, width, channels]` and returns its size.
 * Corruptions are defined on images; tabular or sequence inputs get a clear error instead of a
 * meaningless result.
 *
 * @throws InputError `NOT_IMAGES` (exit 2) for any other rank
 */
export function imageSize(x: tf.Tensor, type: string): ImageSize {
  if (x.rank !== 4) {
    const sample = x.shape.slice(1).join(', ');
    throw new InputError('NOT_IMAGES',
      `${type} corrupts images, but this model takes samples of shape [${sample}]; it needs [height, width, channels] ` +
      '(NHWC). Remove this perturbation from the suite, or use gaussian-noise, uniform-noise or salt-pepper, which work on any input.');
  }
  const [n, height, width, channels] = x.shape as [number, number, number, number];
  return { n, height, width, channels };
}

/** Maps inputs from the box `[low, high]` to [0, 1], where the reference corruptions are defined. */
export function toUnitRange(x: tf.Tensor, bounds: [number, number]): tf.Tensor {
  return tf.tidy(() => x.sub(bounds[0]).div(bounds[1] - bounds[0]));
}

/** Maps [0, 1] back to the box `[low, high]`, clipping first (the references clip to [0, 1]). */
export function fromUnitRange(unit: tf.Tensor, bounds: [number, number]): tf.Tensor {
  return tf.tidy(() => unit.clipByValue(0, 1).mul(bounds[1] - bounds[0]).add(bounds[0]));
}

/**
 * `count` seeded uniform draws in [0, 1) per sample, shape `[n, count]`: the first values of the
 * sample's stream for `purpose`, so they do not depend on the batch.
 *
 * @param count - draws per sample, at most the number of values in one sample
 */
export function sampleDraws(context: AttackContext, purpose: string, count: number): tf.Tensor2D {
  const length = context.x.size / Math.max(1, context.x.shape[0]!);
  if (count > length) throw new InputError('IMAGE_TOO_SMALL', `this perturbation needs ${count} random values per sample but samples have only ${length} values; use larger images`);
  return tf.tidy(() => {
    const n = context.x.shape[0]!;
    return asRows(context.draws(purpose, 'uniform')).slice([0, 0], [n, count]);
  });
}

/**
 * Seeded uniform draws in [0, 1) shaped `[n, height, width]` (one random field per sample, the
 * first channel of the sample's stream for `purpose`).
 */
export function fieldDraws(context: AttackContext, purpose: string): tf.Tensor3D {
  return tf.tidy(() => {
    const [n, height, width] = context.x.shape as number[];
    return context.draws(purpose, 'uniform').slice([0, 0, 0, 0], [n!, height!, width!, 1]).reshape([n!, height!, width!]) as tf.Tensor3D;
  });
}
