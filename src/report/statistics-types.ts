/** Statistics `report.json` records, computed in `src/metrics/`: summaries, per-class metrics, standard budgets. */

/** Mean, median and maximum of a list of numbers (all 0 for an empty list). */
export interface SummaryStats {
  mean: number;
  median: number;
  max: number;
}

/** Precision, recall and F1 of one class; `null` where the ratio has no denominator. */
export interface ClassMetrics {
  /** Class index. */
  label: number;
  /** Class name, when the suite gives class names. */
  name?: string;
  /** Samples whose true class this is. */
  support: number;
  /** Samples of this class counted correct by the accuracy metric (robust ones under attack). */
  correct: number;
  /** Samples predicted as this class. */
  predicted: number;
  /** True positives ÷ predicted; `null` when the class is never predicted. */
  precision: number | null;
  /** True positives ÷ support; `null` when the class has no sample. */
  recall: number | null;
  /** Harmonic mean of precision and recall (an undefined one counts as 0); `null` when both are undefined. */
  f1: number | null;
}

/** One literature budget and where the report stands on it. */
export interface StandardBudgetEntry {
  norm: 'linf' | 'l2';
  epsilon: number;
  /** How the literature writes it ("8/255"). */
  label: string;
  /** Worst-case robust accuracy of the suite at exactly this norm and ε; absent when not evaluated. */
  robustAccuracy?: number;
  ci95?: [number, number];
  /** Attacks in that worst case. */
  attacks?: string[];
  /** Whether AutoAttack (`autoattack` standard or plus) is among them: only then is it comparable with published numbers. */
  autoAttack?: boolean;
}

/** The standard-budget summary of a report (image inputs in [0, 1] of a known size only). */
export interface StandardBudgets {
  /** Data kind the budgets belong to ("28×28 greyscale (MNIST, Fashion-MNIST)"). */
  data: string;
  entries: StandardBudgetEntry[];
}
