import * as tf from '@tensorflow/tfjs';
import { largestKMask, projectRowsL1 } from './ball-projections.js';
import { asRows } from './rows.js';

/**
 * Perturbation norms: `linf` (max |δ|), `l2` (Euclidean), `l1` (sum |δ|), `l0` (number of
 * coordinates changed by more than 1e-12, as `measurePerturbation` counts them). `l0` budgets are
 * counts of input coordinates (a non-integer ε allows ⌊ε⌋); it has no gradient step or random
 * start, so only perturbations that pick coordinates (`salt-pepper`) declare it.
 */
export const norms = ['linf', 'l2', 'l1', 'l0'] as const;
export type Norm = (typeof norms)[number];

/** Guards divisions by a per-sample norm that can be zero (zero gradient, zero perturbation). */
export const tiny = 1e-12;

/** Kind of seeded draw a random start uses (`AttackContext.draws`). */
export type DrawKind = 'uniform' | 'normal';

/**
 * Everything the attacks and the runner need to know about one norm, in one place. Every
 * per-norm branch of the attack maths reads this table (through `norms.ts`).
 */
export interface NormRule {
  /** Per-row size of a batch of rows `[n, d]`, shape `[n, 1]`, in input units (a count for L0). */
  size(rows: tf.Tensor2D): tf.Tensor2D;
  /** Float64 size, folded over |δᵢ| from 0: adds one magnitude to the running total. */
  accumulate(total: number, magnitude: number): number;
  /** Float64 size from the folded total (the square root for L2). */
  finish(total: number): number;
  /** The dual norm ‖·‖_*, with ⟨g, δ⟩ ≤ ‖g‖_* · ‖δ‖ (distance to a linearised boundary is |f| / ‖∇f‖_*); none for L0. */
  dual?: Norm;
  /** Projection of perturbations `δ` (batch `[n, ...]`) onto the ε-ball; rows inside stay as they are. */
  project(delta: tf.Tensor, epsilon: number): tf.Tensor;
  /**
   * Steepest-ascent direction of unit size for gradient rows `[n, d]`. `dualLength()` is the
   * per-row dual norm `[n, 1]`, already guarded away from zero (read only where the step
   * divides by it). Absent for L0: its ball is not convex.
   */
  ascent?(rows: tf.Tensor2D, dualLength: () => tf.Tensor2D, sparsity: number): tf.Tensor2D;
  /**
   * Random starts: the draw kind and how a draw becomes a symmetric direction (uniform in
   * [−1, 1] for L∞, Gaussian for L2/L1), and whether a radius draw spreads points through the
   * ball (L2/L1) rather than the draw itself filling it (the L∞ cube). Absent for L0.
   */
  start?: { draw: DrawKind; centre(draws: tf.Tensor): tf.Tensor; radial: boolean };
  /**
   * How many ulps of the box's largest magnitude float32 rounding of x + δ can add to ‖δ‖ over
   * `d` coordinates (each coordinate moves by at most one ulp). Absent where rounding is exact:
   * clipping (L∞) and keeping values (L0) never grow the norm.
   */
  roundingGrowth?(d: number): number;
}

/** L1's steepest ascent (Foolbox/CleverHans): the signs of the coordinates whose |g| reaches the `sparsity` quantile, unit L1 norm. */
function sparseAscent(flat: tf.Tensor2D, sparsity: number): tf.Tensor2D {
  const d = flat.shape[1];
  const keep = Math.max(1, Math.min(d, Math.round(d * (1 - sparsity))));
  const magnitude = flat.abs();
  const kth = tf.topk(magnitude, keep).values.slice([0, keep - 1], [-1, 1]);
  const selected = magnitude.greaterEqual(kth).logicalAnd(magnitude.greater(0)).cast('float32');
  const count = selected.sum(1, true).maximum(1);
  return flat.sign().mul(selected).div(count) as tf.Tensor2D;
}

const symmetricUniform = { draw: 'uniform', centre: (draws: tf.Tensor) => draws.mul(2).sub(1), radial: false } as const;
const gaussian = { draw: 'normal', centre: (draws: tf.Tensor) => draws, radial: true } as const;

/** The norm table. */
export const normTable: Readonly<Record<Norm, NormRule>> = {
  linf: {
    size: (rows) => rows.abs().max(1, true) as tf.Tensor2D,
    accumulate: (total, magnitude) => Math.max(total, magnitude),
    finish: (total) => total,
    dual: 'l1',
    project: (delta, epsilon) => delta.clipByValue(-epsilon, epsilon),
    ascent: (rows) => rows.sign() as tf.Tensor2D,
    start: symmetricUniform,
  },
  l2: {
    size: (rows) => rows.square().sum(1, true).sqrt() as tf.Tensor2D,
    accumulate: (total, magnitude) => total + magnitude * magnitude,
    finish: Math.sqrt,
    dual: 'l2',
    project: (delta, epsilon) => {
      const flat = asRows(delta);
      const factor = tf.minimum(1, tf.scalar(epsilon).div(normTable.l2.size(flat).maximum(tiny)));
      return flat.mul(factor).reshape(delta.shape);
    },
    ascent: (rows, dualLength) => rows.div(dualLength()) as tf.Tensor2D,
    start: gaussian,
    roundingGrowth: Math.sqrt,
  },
  l1: {
    size: (rows) => rows.abs().sum(1, true) as tf.Tensor2D,
    accumulate: (total, magnitude) => total + magnitude,
    finish: (total) => total,
    dual: 'linf',
    project: (delta, epsilon) => projectRowsL1(asRows(delta), epsilon).reshape(delta.shape),
    ascent: (rows, _dualLength, sparsity) => sparseAscent(rows, sparsity),
    start: gaussian,
    roundingGrowth: (d) => d,
  },
  l0: {
    size: (rows) => rows.abs().greater(tiny).cast('float32').sum(1, true) as tf.Tensor2D,
    accumulate: (total, magnitude) => total + (magnitude > tiny ? 1 : 0),
    finish: (total) => total,
    // The Euclidean projection onto the L0 ball keeps the ⌊ε⌋ largest |δ| per row.
    project: (delta, epsilon) => {
      const flat = asRows(delta);
      return flat.mul(largestKMask(flat.abs(), Math.floor(epsilon))).reshape(delta.shape);
    },
  },
};
