/** A `--baseline` comparison as `report.json` records it (computed by `src/metrics/compare-reports.ts`). */

/**
 * Verdict of one row: `improved` (more samples became robust than broken), `unchanged` (as many
 * of each, usually none), `worse-within-noise` (more broken, McNemar p ≥ α) or
 * `significant-regression` (more broken, p < α).
 */
export type RowVerdict = 'improved' | 'unchanged' | 'worse-within-noise' | 'significant-regression';

/** One compared row. Accuracies are fractions of the paired samples. */
export interface ComparisonRow {
  kind: 'clean' | 'attack' | 'worst-case';
  attack?: string;
  norm?: string;
  /** ε (epsilon attacks and worst case) or severity, as in the report's outcome keys. */
  budget?: number;
  budgetKind?: 'epsilon' | 'severity';
  samples: number;
  base: number;
  candidate: number;
  /** candidate − base. */
  delta: number;
  /** Correct in the baseline, not in the candidate. */
  newlyBroken: number;
  /** Not correct in the baseline, correct in the candidate. */
  newlyRobust: number;
  /** Dataset indices of the first newly broken samples (at most `maxListedSamples` of `src/metrics/compare-reports.ts`). */
  newlyBrokenSamples: number[];
  newlyRobustSamples: number[];
  /** Two-sided exact McNemar p-value. */
  pValue: number;
  verdict: RowVerdict;
}

/** The result of comparing a candidate run with a baseline run. */
export interface BaselineComparison {
  /** Where the baseline came from (file path), when known. */
  source?: string;
  base: { suiteId: string; startedAt: string; modelSha256: string; toolVersion: string };
  /** False when the runs are not paired (different data, samples, seed or attack settings). */
  comparable: boolean;
  /** Why they are not comparable, one line per difference. */
  differences: string[];
  /** Differences that do not prevent the comparison (backend, incomplete runs). */
  notes: string[];
  alpha: number;
  rows: ComparisonRow[];
  /** The worst row: significant regression > worse within noise > improved > unchanged. */
  verdict: RowVerdict | 'incomparable';
}
