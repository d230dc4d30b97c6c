import type { ThresholdSpec } from '../suite/types.js';
import type { SuiteReport, ThresholdResult, ThresholdStatus } from '../report/report-types.js';
import { wilsonInterval } from './wilson.js';

/** What a threshold handler measures: a value and, for proportions, the counts behind it. */
interface Measurement {
  actual: number;
  successes?: number;
  n?: number;
  /** Scale of the bound relative to a proportion (100 for the 0–100 score). */
  scale?: number;
  label: string;
}

type Handler = (spec: ThresholdSpec, report: SuiteReport) => Measurement | string;

function findCase(spec: ThresholdSpec, report: SuiteReport) {
  const attack = report.attacks.find((entry) => entry.id === spec.attack);
  return attack?.results.find((result) => (result.epsilon ?? result.severity) === spec.epsilon);
}

/** Threshold handlers by metric name; each returns a measurement or why it has none. */
export const thresholdHandlers: Record<string, Handler> = {
  'clean-accuracy': (_spec, report) => ({
    actual: report.clean.accuracy, successes: report.clean.correct, n: report.samples, label: 'clean accuracy',
  }),
  'robust-accuracy': (spec, report) => {
    const result = findCase(spec, report);
    if (!result) return `no result for attack "${spec.attack}" at ${spec.epsilon} (not run: interrupted or failed)`;
    return {
      actual: result.robustAccuracy, successes: result.robustCount, n: report.samples,
      label: `robust accuracy of ${spec.attack} at ${spec.epsilon}`,
    };
  },
  score: (_spec, report) => ({ actual: report.score, scale: 100, label: 'score' }),
};

/** Smallest n (same observed proportion) whose interval would clear `bound`; undefined if none ≤ 10^7. */
export function samplesToDecide(proportion: number, bound: number, direction: 'min' | 'max', confidence: number): number | undefined {
  const clears = (n: number) => {
    const [low, high] = wilsonInterval(Math.round(proportion * n), n, confidence);
    return direction === 'min' ? low >= bound || high < bound : high <= bound || low > bound;
  };
  let high = 1;
  while (!clears(high)) {
    high *= 2;
    if (high > 1e7) return undefined;
  }
  let low = Math.floor(high / 2);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (clears(mid)) high = mid;
    else low = mid;
  }
  return high;
}

function format(value: number, scale: number): string {
  return scale === 100 ? value.toFixed(1) : `${(value * 100).toFixed(1)}%`;
}

/**
 * Evaluates one threshold. Without `confidence` the point value is compared with the bound. With
 * it, a proportion passes only when its whole Wilson interval clears the bound, fails when the
 * whole interval misses it, and is `inconclusive` otherwise (with the sample count that would
 * decide it at the same observed rate).
 */
export function evaluateThreshold(spec: ThresholdSpec, report: SuiteReport, confidence?: number): ThresholdResult {
  const base = { metric: spec.metric, ...(spec.attack ? { attack: spec.attack } : {}), ...(spec.epsilon !== undefined ? { epsilon: spec.epsilon } : {}) };
  const expected = { ...(spec.min !== undefined ? { min: spec.min } : {}), ...(spec.max !== undefined ? { max: spec.max } : {}) };
  const handler = thresholdHandlers[spec.metric];
  const measured = handler ? handler(spec, report) : `unknown metric "${spec.metric}"`;
  if (typeof measured === 'string') return { ...base, expected, actual: null, status: 'fail', reason: measured };
  const scale = measured.scale ?? 1;
  const interval = measured.n !== undefined && measured.successes !== undefined
    ? wilsonInterval(measured.successes, measured.n, confidence ?? 0.95) : undefined;
  const statuses: ThresholdStatus[] = [];
  const reasons: string[] = [];
  for (const direction of ['min', 'max'] as const) {
    const bound = expected[direction];
    if (bound === undefined) continue;
    const ok = (value: number) => (direction === 'min' ? value >= bound : value <= bound);
    const word = direction === 'min' ? '≥' : '≤';
    if (confidence !== undefined && interval) {
      const [low, high] = interval;
      const lowOk = ok(low);
      const highOk = ok(high);
      if (lowOk && highOk) {
        statuses.push('pass');
        reasons.push(`${measured.label} ${format(measured.actual, scale)} (${Math.round(confidence * 100)}% CI ${format(low, scale)}–${format(high, scale)}) is ${word} ${format(bound, scale)}`);
      } else if (!lowOk && !highOk) {
        statuses.push('fail');
        reasons.push(`${measured.label} ${format(measured.actual, scale)} (CI ${format(low, scale)}–${format(high, scale)}) is not ${word} ${format(bound, scale)}`);
      } else {
        statuses.push('inconclusive');
        const needed = samplesToDecide(measured.actual, bound, direction, confidence);
        reasons.push(`${measured.label} ${format(measured.actual, scale)} has CI ${format(low, scale)}–${format(high, scale)} straddling ${format(bound, scale)}` +
          (needed ? `; about ${needed} samples at this rate would decide it` : '; more samples would not decide it at this rate'));
      }
    } else {
      const pass = ok(measured.actual);
      statuses.push(pass ? 'pass' : 'fail');
      reasons.push(`${measured.label} ${format(measured.actual, scale)} is ${pass ? '' : 'not '}${word} ${format(bound, scale)}`);
    }
  }
  const status: ThresholdStatus = statuses.includes('fail') ? 'fail' : statuses.includes('inconclusive') ? 'inconclusive' : 'pass';
  return { ...base, expected, actual: measured.actual, ...(interval ? { ci95: interval } : {}), status, reason: reasons.join('; ') };
}
