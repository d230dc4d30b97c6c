import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { normTable, tiny, type DrawKind, type Norm, type NormRule } from './norm-table.js';
import { asRows } from './rows.js';

export { norms, normTable, tiny, type DrawKind, type Norm, type NormRule } from './norm-table.js';
export { largestKMask } from './ball-projections.js';

/**
 * Allowed excess of a measured perturbation over ε (docs/reliability.md A1), in input units: the
 * runner's ε-ball check and the attack tests accept ‖δ‖ ≤ ε + this.
 */
export const ballTolerance = 1e-6;

/** Whether a measured (float64) perturbation size lies outside the ε-ball, beyond {@link ballTolerance}. */
export function exceedsBall(size: number, epsilon: number): boolean {
  return size > epsilon + ballTolerance;
}

/** Per-sample distance ‖δ‖ of a batch `[n, ...]`, shape `[n]`. */
export function distance(delta: tf.Tensor, norm: Norm): tf.Tensor1D {
  return tf.tidy(() => normTable[norm].size(asRows(delta)).reshape([-1]));
}

/**
 * Float64 size of one row, ‖a − b‖ over `[offset, offset + length)` (or ‖a‖ without `b`), for
 * attacks that search on the CPU.
 */
export function rowSize64(norm: Norm, a: ArrayLike<number>, b?: ArrayLike<number>, offset = 0, length = a.length - offset): number {
  const rule = normTable[norm];
  let total = 0;
  for (let i = offset; i < offset + length; i++) total = rule.accumulate(total, Math.abs(b ? a[i]! - b[i]! : a[i]!));
  return rule.finish(total);
}

/** The dual norm of `norm` (L∞ ↔ L1, L2 ↔ L2). */
export function dualOf(norm: Norm): Norm {
  const dual = normTable[norm].dual;
  if (dual === undefined) throw noGradientStep();
  return dual;
}

/** Projects perturbations `δ` (batch `[n, ...]`) onto the ε-ball of `norm`; rows inside stay as they are. */
export function projectDelta(delta: tf.Tensor, epsilon: number, norm: Norm): tf.Tensor {
  return tf.tidy(() => normTable[norm].project(delta, epsilon));
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
 * How much float32 rounding of x + δ can grow ‖δ‖ over `d` coordinates when the values' largest
 * magnitude is `magnitude`: each coordinate moves by at most one ulp (2⁻²³·magnitude), so L1
 * grows by ≤ d·ulp and L2 by ≤ √d·ulp; 0 where rounding is exact (L∞, L0).
 */
export function roundingGrowth(norm: Norm, d: number, magnitude: number): number {
  const growth = normTable[norm].roundingGrowth;
  return growth ? 2 ** -23 * magnitude * growth(d) : 0;
}

/** Whether float32 rounding can never grow ‖δ‖ in `norm` (clipping and keeping values are exact). */
export function roundsExactly(norm: Norm): boolean {
  return normTable[norm].roundingGrowth === undefined;
}

/**
 * The projection's rounding margin: {@link roundingGrowth} for the box's largest magnitude (at
 * least 1). Projecting onto ε minus this keeps the measured norm ≤ ε (docs/reliability.md A1) —
 * on 28×28 images in [0, 1] that is 9e-5 in L1 and 3e-6 in L2.
 */
export function roundingMargin(norm: Norm, d: number, bounds: [number, number]): number {
  return roundingGrowth(norm, d, Math.max(1, Math.abs(bounds[0]), Math.abs(bounds[1])));
}

/** The table entry of a norm that has gradient steps and random starts (not L0). */
function steppable(norm: Norm): Required<Pick<NormRule, 'ascent' | 'start'>> & NormRule {
  const rule = normTable[norm];
  if (!rule.ascent || !rule.start) throw noGradientStep();
  return rule as Required<Pick<NormRule, 'ascent' | 'start'>> & NormRule;
}

/**
 * Steepest-ascent direction of unit size in `norm` for a gradient: sign(g) for L∞, g/‖g‖₂ for L2,
 * and for L1 the sparse step of Foolbox/CleverHans (sign of the coordinates whose |g| reaches the
 * `sparsity` quantile, divided so the step has unit L1 norm). Zero gradients give zero steps.
 */
export function normalizeGradient(gradient: tf.Tensor, norm: Norm, sparsity = 0.99): tf.Tensor {
  const rule = steppable(norm);
  return tf.tidy(() => {
    const flat = asRows(gradient);
    return rule.ascent(flat, () => normTable[dualOf(norm)].size(flat).maximum(tiny) as tf.Tensor2D, sparsity).reshape(gradient.shape);
  });
}

/**
 * {@link normalizeGradient} with the caller's per-sample dual norm of the gradient (`[n]`, already
 * guarded away from zero) where the step divides by it (DeepFool reuses the length it measured).
 */
export function ascentWithLength(gradient: tf.Tensor, norm: Norm, dualLength: tf.Tensor): tf.Tensor {
  const rule = steppable(norm);
  return tf.tidy(() => rule.ascent(asRows(gradient), () => dualLength.reshape([-1, 1]) as tf.Tensor2D, 0.99).reshape(gradient.shape));
}

/**
 * Symmetric random directions for a start in `norm`, from the caller's seeded stream: uniform in
 * [−1, 1] per coordinate for L∞, Gaussian for L2/L1.
 *
 * @param draw - the caller's seeded draws of the given kind, shaped like the batch
 */
export function startDirections(draw: (kind: DrawKind) => tf.Tensor, norm: Norm): tf.Tensor {
  const { start } = steppable(norm);
  return tf.tidy(() => start.centre(draw(start.draw)));
}

/**
 * A seeded random perturbation inside the ε-ball (uniform in the L∞ cube, uniform in the L2 ball,
 * Foolbox's approximation for L1). Draws come from `draw('start', …)` and, for the radius,
 * `draw('radius', 'uniform')`.
 */
export function randomStartDelta(draw: (purpose: 'start' | 'radius', kind: DrawKind) => tf.Tensor, epsilon: number, norm: Norm): tf.Tensor {
  const { start } = steppable(norm);
  return tf.tidy(() => {
    const raw = startDirections((kind) => draw('start', kind), norm);
    // L∞ draws fill the cube themselves: no radius.
    const radii = start.radial ? asRows(draw('radius', 'uniform')).slice([0, 0], [-1, 1]) : tf.scalar(0);
    return randomPointInBall(raw, radii, epsilon, norm);
  });
}

/**
 * Scales a batch of raw random draws into the ε-ball: for L∞ uniform draws in [−1, 1] are scaled
 * by ε (uniform in the cube); for L2/L1 Gaussian draws are normalised to the sphere and scaled by
 * ε·u^(1/d) (uniform in the L2 ball, as Foolbox does; an approximation of the L1 ball's interior).
 */
export function randomPointInBall(draws: tf.Tensor, radii: tf.Tensor, epsilon: number, norm: Norm): tf.Tensor {
  const { start } = steppable(norm);
  return tf.tidy(() => {
    if (!start.radial) return draws.mul(epsilon);
    const flat = asRows(draws);
    const d = flat.shape[1];
    const direction = flat.div(normTable[norm].size(flat).maximum(tiny));
    const radius = radii.reshape([-1, 1]).pow(1 / d).mul(epsilon);
    return direction.mul(radius).reshape(draws.shape);
  });
}

/** The L0 ball is not convex: gradient attacks have no step or random start for it. */
function noGradientStep(): InputError {
  return new InputError('UNSUPPORTED_NORM', "norm 'l0' has no gradient step or random start: use linf, l2 or l1 for gradient attacks (l0 is for salt-pepper)");
}
