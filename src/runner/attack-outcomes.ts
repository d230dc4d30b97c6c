import type { PerturbationSize } from '../metrics/perturbation-size.js';
import type { AdversarialExample } from '../report/report-types.js';
import type { ResolvedAttack } from '../suite/types.js';

/** Outcomes of one finished attack × budget, per evaluated position. */
export interface CaseOutcomes {
  budget: number;
  robust: Uint8Array;
  sizes: (PerturbationSize | undefined)[];
  attacked: number;
  durationMs: number;
  /**
   * Prediction per evaluated position on the input that decided its outcome at this budget: the
   * latest adversarial for attacked samples, the clean prediction for clean-misclassified ones.
   */
  predictions: Int32Array;
  /** Softmax probabilities matching `predictions`, row-major `[n, classes]`. */
  probabilities: Float32Array;
  examples: AdversarialExample[];
  /** Targeted attacks: 1 where the target was reached at this or a smaller budget. */
  hits?: Uint8Array;
  /** Targeted attacks: 1 for clean-correct samples whose label is not the fixed target. */
  targetable?: Uint8Array;
  /** Per-position statistics the attack tallied (`queries`, `broken-by:<member>`); NaN = none. */
  stats?: Record<string, Float64Array>;
}

export interface AttackOutcomes {
  attack: ResolvedAttack;
  cases: CaseOutcomes[];
  /**
   * ε attacks: per evaluated position, the minimal perturbation found (attack norm, input
   * units): `Infinity` when never broken, `NaN` when not attacked (clean-misclassified).
   */
  minimal?: Float64Array;
  /** Where `minimal` comes from: a minimisation attack's measured adversarials, or the ε sweep. */
  minimalSource?: 'minimization' | 'epsilon-sweep';
  /** Why the attack stopped before its budgets ran (e.g. the model has no input gradient). */
  skipped?: string;
  /** True when these outcomes came from the result cache instead of being computed in this run. */
  cached?: boolean;
}
