import * as tf from '@tensorflow/tfjs';

/**
 * Euclidean projection of each row onto the L1 ball of radius ε (Duchi et al. 2008, "Efficient
 * Projections onto the l1-Ball"): sort |v| descending, find the threshold θ, shrink by θ. Rows
 * already inside stay as they are.
 *
 * @param flat - batch of rows `[n, d]`
 * @param epsilon - radius in input units
 */
export function projectRowsL1(flat: tf.Tensor2D, epsilon: number): tf.Tensor2D {
  const d = flat.shape[1];
  const magnitude = flat.abs();
  const sorted = tf.topk(magnitude, d).values;
  const cumulative = sorted.cumsum(1);
  const ranks = tf.range(1, d + 1).reshape([1, d]);
  const active = sorted.sub(cumulative.sub(epsilon).div(ranks)).greater(0).cast('float32');
  const count = active.sum(1, true).maximum(1);
  // Select the cumulative sum at rank ρ with a mask: batched gather is unreliable on wasm.
  const cumulativeAtRho = cumulative.mul(ranks.equal(count).cast('float32')).sum(1, true);
  const theta = cumulativeAtRho.sub(epsilon).div(count).maximum(0);
  const shrunk = flat.sign().mul(magnitude.sub(theta).relu());
  const outside = magnitude.sum(1, true).greater(epsilon);
  return tf.where(outside.tile([1, d]), shrunk, flat) as tf.Tensor2D;
}

/**
 * Mask `[n, d]` (float32 0/1) of the `k` largest values of each row. Ties at the k-th value are
 * taken in index order, so every row has exactly min(k, d) ones — a threshold alone would keep
 * every tied coordinate and overshoot an L0 budget (flat image backgrounds tie all the time).
 * Built from topk + cumsum because scatter and batched gather are unreliable on wasm.
 *
 * @param values - batch of rows `[n, d]`
 * @param k - how many to keep per row (≤ 0 keeps none, ≥ d keeps all)
 */
export function largestKMask(values: tf.Tensor2D, k: number): tf.Tensor2D {
  return tf.tidy(() => {
    const d = values.shape[1];
    if (k >= d) return tf.onesLike(values);
    if (k <= 0) return tf.zerosLike(values);
    const kth = tf.topk(values, k).values.slice([0, k - 1], [-1, 1]);
    const above = values.greater(kth).cast('float32');
    const tied = values.equal(kth).cast('float32');
    const room = tf.scalar(k).sub(above.sum(1, true));
    return above.add(tied.mul(tied.cumsum(1).lessEqual(room).cast('float32'))) as tf.Tensor2D;
  });
}
