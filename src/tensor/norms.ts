import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';

/**
 * Perturbation norms: `linf` (max |δ|), `l2` (Euclidean), `l1` (sum |δ|), `l0` (number of
 * coordinates changed by more than 1e-12, as `measurePerturbation` counts them). `l0` budgets are
 * counts of input coordinates (a non-integer ε allows ⌊ε⌋); it has no gradient step or random
 * start, so only perturbations that pick coordinates (`salt-pepper`) declare it.
 */
export const norms = ['linf', 'l2', 'l1', 'l0'] as const;
export type Norm = (typeof norms)[number];

/** Guards divisions by a per-sample norm that can be zero (zero gradient, zero perturbation). */
const tiny = 1e-12;

/** Reshapes a batch `[n, ...]` to `[n, d]` (one row per sample). */
function rows(t: tf.Tensor): tf.Tensor2D {
  return t.reshape([t.shape[0]!, -1]) as tf.Tensor2D;
}

/** Per-sample norm of a batch, shape `[n, 1]` for broadcasting over rows. */
function rowNorm(flat: tf.Tensor2D, norm: Norm): tf.Tensor2D {
  const magnitude = flat.abs();
  if (norm === 'linf') return magnitude.max(1, true) as tf.Tensor2D;
  if (norm === 'l1') return magnitude.sum(1, true) as tf.Tensor2D;
  if (norm === 'l0') return magnitude.greater(tiny).cast('float32').sum(1, true) as tf.Tensor2D;
  return flat.square().sum(1, true).sqrt() as tf.Tensor2D;
}

/** Per-sample distance ‖δ‖ of a batch `[n, ...]`, shape `[n]`. */
export function distance(delta: tf.Tensor, norm: Norm): tf.Tensor1D {
  return tf.tidy(() => rowNorm(rows(delta), norm).reshape([-1]));
}

/**
 * Euclidean projection of each L1 row onto the L1 ball of radius ε (Duchi et al. 2008, "Efficient
 * Projections onto the l1-Ball"): sort |v| descending, find the threshold θ, shrink by θ.
 */
function projectRowsL1(flat: tf.Tensor2D, epsilon: number): tf.Tensor2D {
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

/** Projects perturbations `δ` (batch `[n, ...]`) onto the ε-ball of `norm`; rows inside stay as they are. */
export function projectDelta(delta: tf.Tensor, epsilon: number, norm: Norm): tf.Tensor {
  return tf.tidy(() => {
    if (norm === 'linf') return delta.clipByValue(-epsilon, epsilon);
    const flat = rows(delta);
    if (norm === 'l1') return projectRowsL1(flat, epsilon).reshape(delta.shape);
    // L0: keep the ⌊ε⌋ largest |δ| per row (the Euclidean projection onto the L0 ball).
    if (norm === 'l0') return flat.mul(largestKMask(flat.abs(), Math.floor(epsilon))).reshape(delta.shape);
    const length = rowNorm(flat, 'l2');
    const factor = tf.minimum(1, tf.scalar(epsilon).div(length.maximum(tiny)));
    return flat.mul(factor).reshape(delta.shape);
  });
}

/**
 * The runner's projection: ε-ball around `x` in `norm`, then the input box. For L∞ this is the
 * exact projection onto the intersection; for L2/L1/L0 box clipping can only shrink each |δᵢ|
 * (never turn a zero into a change), so the result stays inside both sets.
 */
export function project(x: tf.Tensor, candidate: tf.Tensor, epsilon: number, norm: Norm, bounds: [number, number]): tf.Tensor {
  const radius = Math.max(0, epsilon - roundingMargin(norm, x.size / Math.max(1, x.shape[0] ?? 1), bounds));
  return tf.tidy(() => x.add(projectDelta(candidate.sub(x), radius, norm)).clipByValue(bounds[0], bounds[1]));
}

/**
 * How much float32 rounding of x + δ can grow ‖δ‖ over d coordinates in the box: each coordinate
 * moves by at most one ulp of the box's largest magnitude, so L1 grows by ≤ d·ulp and L2 by
 * ≤ √d·ulp. Projecting onto ε minus this keeps the measured norm ≤ ε (docs/reliability.md A1) — on
 * 28×28 images in [0, 1] that is 9e-5 in L1 and 3e-6 in L2. L∞ and L0 need no margin: clipping
 * and keeping values are exact.
 */
export function roundingMargin(norm: Norm, d: number, bounds: [number, number]): number {
  const ulp = 2 ** -23 * Math.max(1, Math.abs(bounds[0]), Math.abs(bounds[1]));
  if (norm === 'l1') return d * ulp;
  if (norm === 'l2') return Math.sqrt(d) * ulp;
  return 0;
}

/**
 * Steepest-ascent direction of unit size in `norm` for a gradient: sign(g) for L∞, g/‖g‖₂ for L2,
 * and for L1 the sparse step of Foolbox/CleverHans (sign of the coordinates whose |g| reaches the
 * `sparsity` quantile, divided so the step has unit L1 norm). Zero gradients give zero steps.
 */
export function normalizeGradient(gradient: tf.Tensor, norm: Norm, sparsity = 0.99): tf.Tensor {
  if (norm === 'l0') throw noGradientStep();
  return tf.tidy(() => {
    if (norm === 'linf') return gradient.sign();
    const flat = rows(gradient);
    if (norm === 'l2') return flat.div(rowNorm(flat, 'l2').maximum(tiny)).reshape(gradient.shape);
    const d = flat.shape[1];
    const keep = Math.max(1, Math.min(d, Math.round(d * (1 - sparsity))));
    const magnitude = flat.abs();
    const kth = tf.topk(magnitude, keep).values.slice([0, keep - 1], [-1, 1]);
    const selected = magnitude.greaterEqual(kth).logicalAnd(magnitude.greater(0)).cast('float32');
    const count = selected.sum(1, true).maximum(1);
    return flat.sign().mul(selected).div(count).reshape(gradient.shape);
  });
}

/**
 * Scales a batch of raw random draws into the ε-ball: for L∞ uniform draws in [−1, 1] are scaled
 * by ε (uniform in the cube); for L2/L1 Gaussian draws are normalised to the sphere and scaled by
 * ε·u^(1/d) (uniform in the L2 ball, as Foolbox does; an approximation of the L1 ball's interior).
 */
export function randomPointInBall(draws: tf.Tensor, radii: tf.Tensor, epsilon: number, norm: Norm): tf.Tensor {
  if (norm === 'l0') throw noGradientStep();
  return tf.tidy(() => {
    if (norm === 'linf') return draws.mul(epsilon);
    const flat = rows(draws);
    const d = flat.shape[1];
    const direction = flat.div(rowNorm(flat, norm).maximum(tiny));
    const radius = radii.reshape([-1, 1]).pow(1 / d).mul(epsilon);
    return direction.mul(radius).reshape(draws.shape);
  });
}

/** The L0 ball is not convex: gradient attacks have no step or random start for it. */
function noGradientStep(): InputError {
  return new InputError('UNSUPPORTED_NORM', "norm 'l0' has no gradient step or random start: use linf, l2 or l1 for gradient attacks (l0 is for salt-pepper)");
}
