import * as tf from '@tensorflow/tfjs';

/**
 * Views a batch `[n, ...]` as one row per sample, `[n, d]`, where per-sample reductions (norms,
 * top-k, counts) run over axis 1. Undo with `.reshape(batch.shape)`.
 */
export function asRows(batch: tf.Tensor): tf.Tensor2D {
  return batch.reshape([batch.shape[0]!, -1]) as tf.Tensor2D;
}

/**
 * Shape `[-1, 1, …, 1]` that makes one value per sample (`[n]` or `[n, 1]`) broadcast over a
 * batch shaped like `like`.
 */
export function perSampleShape(like: tf.Tensor): number[] {
  return [-1, ...like.shape.slice(1).map(() => 1)];
}

/** One value per sample (`[n]` or `[n, 1]`), reshaped to broadcast over a batch shaped like `like`. */
export function perSample(values: tf.Tensor, like: tf.Tensor): tf.Tensor {
  return values.reshape(perSampleShape(like));
}

/**
 * One flag per sample (`[n]`), repeated over every value of the sample: a mask shaped like
 * `like` for row-selecting `tf.where` (which does not broadcast its condition on every backend).
 */
export function perSampleMask(flags: tf.Tensor, like: tf.Tensor): tf.Tensor {
  return perSample(flags, like).tile([1, ...like.shape.slice(1)]);
}
