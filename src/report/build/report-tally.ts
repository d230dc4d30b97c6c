/**
 * The per-sample tally a suite report is built from (by `buildReport`). A run fills it from
 * what it measured; `report merge` fills it from its shards' per-sample outcomes, interleaved back
 * into dataset-index order. Metrics are computed from the tally only, so a run and merged shards
 * get the same numbers from the same functions.
 */
import type { PerturbationSize } from '../../metrics/perturbation-size.js';
import type { AttackTraits } from '../../metrics/sanity/types.js';
import type { AdversarialExample, AttackReport, SanityCheckResult, SuiteReport } from '../report-types.js';
import type { SanityProbes } from '../sanity-probe-types.js';
import type { ThresholdSpec } from '../../suite/types.js';

/**
 * What the classification metrics of one set of predictions (clean, or one case) come from: a
 * run's per-sample predictions and softmax probabilities (row-major `[n, numClasses]`), or, for
 * merged shards whose reports keep no per-sample predictions, the summed confusion matrix
 * (absent above 100 classes) and the clean-correct-weighted mean of the shards' confidence drops.
 */
export type ClassEvidence =
  | { from: 'samples'; predictions: ArrayLike<number>; probabilities: ArrayLike<number> }
  | { from: 'confusion'; confusion?: number[][]; confidenceDrop?: number };

/** Per-position tally of one attack at one budget. */
export interface CaseTally {
  budget: number;
  /** 1 = correct on the clean and on the perturbed input at this budget. */
  robust: Uint8Array;
  /** Perturbation measured (or carried from a smaller budget) per clean-correct position. */
  sizes: readonly (PerturbationSize | undefined)[];
  /** Samples actually attacked at this budget. */
  attacked: number;
  /** Wall time of the case, milliseconds. */
  durationMs: number;
  /** Examples kept for display, already chosen (at most `examplesPerCase`). */
  examples: AdversarialExample[];
  /** Classification evidence of the perturbed predictions (absent when the model's classes are unknown). */
  classes?: ClassEvidence;
  /** Targeted attacks: samples that reached their target, of those that could (clean-correct, not labelled with a fixed target). */
  target?: { reached: number; reachable: number };
  /** Per-position statistics the attack tallied (`queries`, `broken-by:<member>`); NaN = none. */
  stats?: Record<string, Float64Array>;
}

/** Tally of one attack across its budgets, in budget order. */
export interface AttackTally {
  attack: Pick<AttackReport, 'id' | 'type' | 'norm' | 'budgetKind' | 'params'>;
  cases: CaseTally[];
  /**
   * ε attacks: per position, the minimal perturbation found (attack norm, input units):
   * `Infinity` when never broken, `NaN` when not attacked; and where it comes from.
   */
  minimal?: { values: ArrayLike<number>; source: 'minimization' | 'epsilon-sweep' };
  /** Why the attack stopped before its budgets ran. */
  skipped?: string;
  /** True when the outcomes came from the result cache. */
  cached?: boolean;
}

/** The clean pass per evaluated position. */
export interface CleanTally {
  /** Labels used (from the file or the model's clean predictions). */
  labels: ArrayLike<number>;
  /** 1 = the clean input is classified correctly. */
  correct: Uint8Array;
  classes?: ClassEvidence;
}

/** Everything measured per sample for one suite. */
export interface SuiteTally {
  /** Dataset indices of the evaluated samples, in order. */
  indices: number[];
  /** Absent when the run stopped before its clean pass: nothing was measured. */
  clean?: CleanTally;
  /** Class count and names, when the model's classes are known (classification metrics need them). */
  classes?: { numClasses: number; classNames?: string[] };
  attacks: AttackTally[];
}

/** The report's fields that describe the run rather than come from the tally. */
export type ReportHeader = Pick<SuiteReport, 'schemaVersion' | 'tool' | 'suite' | 'model' | 'data' | 'environment' | 'seed' | 'shard' | 'limit' | 'startedAt' | 'durationMs' | 'complete'>;

/** What decides the verdict besides the tally. */
export interface ReportGate {
  thresholds: readonly ThresholdSpec[];
  /** Confidence level of the threshold intervals (suite `confidence`). */
  confidence?: number;
  /** Sanity-check status that fails the suite. */
  failOn: 'fail' | 'warn' | 'never';
}

/** What the sanity checks read besides the report. */
export interface SanityEvidence {
  traits: Record<string, AttackTraits>;
  /** Probe measurements and their wall time in milliseconds (absent when the probes did not run). */
  probes?: SanityProbes & { durationMs: number };
  /**
   * Merged shards: the shards' own check results, kept (worst first) for checks that cannot be
   * re-run because a shard has no probe measurements (reports of an older version).
   */
  earlier?: SanityCheckResult[];
}
