/**
 * Threshold handlers by metric (promptfoo-style registry): each turns a threshold spec and a
 * suite report into measurements with the counts behind them, or says why it has none.
 * `thresholds.ts` then compares them with the bounds, with or without confidence intervals.
 */
import type { CaseResult, SuiteReport } from '../report/report-types.js';
import type { ThresholdSpec } from '../suite/types.js';
import { pairedChangeInterval } from './mcnemar.js';
import type { ThresholdMetric } from './threshold-metrics.js';
import { wilsonInterval } from './wilson.js';

/** A measured value and how to put an interval around it. */
export interface Measurement {
  actual: number;
  /** Words for reasons, e.g. `robust accuracy of pgd at 0.03`. */
  label: string;
  /** Scale of values and bounds relative to a proportion (100 for the 0–100 score). */
  scale?: number;
  /** Interval at a two-sided confidence level; absent for values without one (the score). */
  interval?: (confidence: number) => [number, number];
  /** The interval the same observed rates would give with `samples` samples (for samples-to-decide). */
  intervalAt?: (samples: number, confidence: number) => [number, number];
  /** Samples behind the value now (where the samples-to-decide search starts). */
  samples?: number;
}

/** One measurement, several (every class, every baseline row: the worst decides) or why none. */
export type HandlerResult = Measurement | Measurement[] | string;

/** Measures one threshold metric on a report. */
export type ThresholdHandler = (spec: ThresholdSpec, report: SuiteReport) => HandlerResult;

/** A Wilson-interval measurement of `successes / n`. */
export function proportion(successes: number, n: number, label: string): Measurement {
  const rate = n > 0 ? successes / n : 0;
  return {
    actual: rate, label, samples: n,
    interval: (confidence) => wilsonInterval(successes, n, confidence),
    intervalAt: (samples, confidence) => wilsonInterval(Math.round(rate * samples), samples, confidence),
  };
}

function findCase(spec: ThresholdSpec, report: SuiteReport): CaseResult | undefined {
  const attack = report.attacks.find((entry) => entry.id === spec.attack);
  return attack?.results.find((result) => (result.epsilon ?? result.severity) === spec.epsilon);
}

const notRun = (spec: ThresholdSpec) => `no result for attack "${spec.attack}" at ${spec.epsilon} (not run: interrupted or failed)`;
const caseLabel = (spec: ThresholdSpec) => `${spec.attack} at ${spec.epsilon}`;

function perClass(spec: ThresholdSpec, report: SuiteReport): HandlerResult {
  const result = findCase(spec, report);
  if (!result) return notRun(spec);
  if (!result.perClass) return `no per-class results for attack "${spec.attack}" at ${spec.epsilon} (report written without them)`;
  const classes = result.perClass.filter((entry) => entry.support > 0);
  if (classes.length === 0) return 'no evaluated sample has a label, so no class can be measured';
  return classes.map((entry) => proportion(entry.correct, entry.support,
    `robust accuracy of class ${entry.name !== undefined ? `"${entry.name}" (${entry.label})` : entry.label} under ${caseLabel(spec)}`));
}

function regression(spec: ThresholdSpec, report: SuiteReport): HandlerResult {
  const baseline = report.baseline;
  if (!baseline) return 'no baseline to compare with: run with --baseline FILE|DIR (the report.json or report folder of an earlier run)';
  if (!baseline.comparable) return `the baseline${baseline.source ? ` ${baseline.source}` : ''} cannot be compared sample by sample: ${baseline.differences.join('; ')}`;
  const rows = baseline.rows.filter((row) => (spec.attack === undefined
    ? row.kind !== 'worst-case'
    : row.kind === 'attack' && row.attack === spec.attack && row.budget === spec.epsilon));
  if (rows.length === 0) return spec.attack === undefined ? 'the baseline and this run share no finished result' : `no baseline result for attack "${spec.attack}" at ${spec.epsilon}`;
  return rows.map((row) => {
    const { newlyBroken: b, newlyRobust: c, samples: n } = row;
    const what = row.kind === 'clean' ? 'clean accuracy' : `robust accuracy of ${row.attack} at ${row.budget}`;
    return {
      actual: n > 0 ? (b - c) / n : 0, samples: n,
      label: `drop in ${what} vs the baseline (${b} newly broken, ${c} newly robust, McNemar p = ${row.pValue.toPrecision(2)})`,
      // Drop = −change; the paired interval is for (b − c) / n, which is the drop.
      interval: (confidence) => pairedChangeInterval(b, c, n, confidence),
      intervalAt: (samples, confidence) => pairedChangeInterval(Math.round((b * samples) / n), Math.round((c * samples) / n), samples, confidence),
    };
  });
}

/** Threshold handlers by metric name (see `threshold-metrics.ts` for what each measures). */
export const thresholdHandlers: Record<ThresholdMetric, ThresholdHandler> = {
  'clean-accuracy': (_spec, report) => proportion(report.clean.correct, report.samples, 'clean accuracy'),
  'robust-accuracy': (spec, report) => {
    const result = findCase(spec, report);
    return result ? proportion(result.robustCount, report.samples, `robust accuracy of ${caseLabel(spec)}`) : notRun(spec);
  },
  'worst-case-robust-accuracy': (spec, report) => {
    const matches = report.worstCase.filter((entry) => entry.epsilon === spec.epsilon && (spec.norm === undefined || entry.norm === spec.norm));
    if (matches.length === 0) return `no worst-case result at ε ${spec.epsilon}${spec.norm ? ` (${spec.norm})` : ''} (not run: interrupted or failed)`;
    if (matches.length > 1) return `attacks of several norms (${matches.map((entry) => entry.norm).join(', ')}) share ε ${spec.epsilon}: add "norm" to the threshold`;
    const entry = matches[0]!;
    return proportion(entry.robustCount, report.samples, `worst-case robust accuracy at ${entry.norm} ε=${entry.epsilon} (${entry.attacks.join(', ')})`);
  },
  'attack-success-rate': (spec, report) => {
    const result = findCase(spec, report);
    if (!result) return notRun(spec);
    return proportion(report.clean.correct - result.robustCount, report.clean.correct, `attack success rate of ${caseLabel(spec)}`);
  },
  'accuracy-drop': (spec, report) => {
    const result = findCase(spec, report);
    if (!result) return notRun(spec);
    return proportion(report.clean.correct - result.robustCount, report.samples, `accuracy drop (clean − robust) of ${caseLabel(spec)}`);
  },
  score: (_spec, report) => ({ actual: report.score, scale: 100, label: 'score' }),
  'per-class-robust-accuracy': perClass,
  regression,
};
