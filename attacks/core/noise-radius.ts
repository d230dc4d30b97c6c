import { roundingGrowth, roundsExactly, type Norm } from '../../src/tensor/norms.js';

/** Unit roundoff of float32 (half an ulp of 1). */
const roundoff = 2 ** -24;

/**
 * Radius to rescale random noise to in `norm` so that, after float32 arithmetic, the input the
 * model sees is still within ε when the runner measures it in float64 (docs/reliability.md A1, checked
 * to ε + 1e-6). Rescaling to exactly ε is not enough for L1/L2 on images: the float32 norm of a
 * 784-value noise is off by up to ~d·2⁻²⁴ relative, and rounding x + δ (twice: the proposal and
 * the runner's projection) moves each value by up to |x|·2⁻²⁴ (together one ulp: the
 * norm table's `roundingGrowth`); measured L1 noise overshot ε = 5 by 3e-6. The margin below
 * bounds both errors; it is ≤ 0.02 % of ε for 28×28 images in [0, 1].
 * L∞ (a clip) and L0 (a count) are exact, so they get ε itself.
 *
 * @param epsilon - budget ε in input units, ≥ 0
 * @param values - number of values per sample (d)
 * @param bounds - input box; its largest magnitude bounds the rounding of x + δ
 * @returns a radius in [0, ε]
 */
export function noiseRadius(epsilon: number, norm: Norm, values: number, bounds: [number, number]): number {
  if (roundsExactly(norm)) return epsilon;
  const rounding = roundingGrowth(norm, values, Math.max(Math.abs(bounds[0]), Math.abs(bounds[1])));
  return Math.max(0, epsilon * (1 - (values + 4) * roundoff) - rounding);
}
