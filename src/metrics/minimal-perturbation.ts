/**
 * Empirical robustness: the distribution of per-sample minimal adversarial perturbations
 * (Moosavi-Dezfooli et al. 2016's ρ_adv, Carlini & Wagner's mean minimal distortion). Pure
 * functions over numbers; `Infinity` marks samples no perturbation broke.
 */

/** Quantile levels reported. */
export const minimalQuantileLevels = [0.1, 0.25, 0.5, 0.75, 0.9] as const;

/** Summary of minimal perturbations over the attacked samples; `null` stands for ∞ (not broken). */
export interface MinimalPerturbationSummary {
  /** Samples considered: clean-correct (and, for targeted attacks, targetable). */
  samples: number;
  /** Of those, how many were broken at all (finite minimal perturbation). */
  broken: number;
  median: number | null;
  /** Keys `"0.1"`, `"0.25"`, `"0.5"`, `"0.75"`, `"0.9"`. */
  quantiles: Record<string, number | null>;
  /** Mean over the broken samples only (`null` when none was). */
  meanOfBroken: number | null;
}

/**
 * Quantile `q` ∈ [0, 1] of ascending values with linear interpolation between order statistics
 * (Hyndman–Fan type 7, NumPy's default); `Infinity` when it involves an unbroken sample.
 */
export function quantileOfSorted(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const [a, b] = [sorted[low]!, sorted[high]!];
  if (!Number.isFinite(b)) return Infinity;
  return a + (b - a) * (position - low);
}

/**
 * Summarises per-sample minimal perturbations: `NaN` entries (samples not attacked) are left out,
 * `Infinity` entries count as never broken (so quantiles above the broken share are `null`).
 */
export function summarizeMinimalPerturbations(values: ArrayLike<number>): MinimalPerturbationSummary {
  const considered = Array.from(values).filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  const broken = considered.filter(Number.isFinite);
  const finite = (value: number) => (Number.isFinite(value) ? value : null);
  const quantiles = Object.fromEntries(minimalQuantileLevels.map((q) => [String(q), considered.length ? finite(quantileOfSorted(considered, q)) : null]));
  return {
    samples: considered.length,
    broken: broken.length,
    median: quantiles['0.5'] ?? null,
    quantiles,
    meanOfBroken: broken.length ? broken.reduce((sum, value) => sum + value, 0) / broken.length : null,
  };
}
