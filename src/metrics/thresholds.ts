import type { ThresholdSpec } from '../suite/types.js';
import type { SuiteReport, ThresholdResult, ThresholdStatus } from '../report/report-types.js';
import { thresholdHandlers, type Measurement } from './threshold-handlers.js';
import { wilsonInterval } from './wilson.js';
import { thresholdRange, thresholdValue, type ThresholdScale } from '../format/threshold-value.js';

export { thresholdHandlers } from './threshold-handlers.js';

type Direction = 'min' | 'max';

/**
 * Smallest n ≥ `from` whose interval (from `intervalAt`) would clear `bound` — lie wholly on one
 * side of it; undefined when no n ≤ 10^7 would (e.g. the observed value sits on the bound).
 * Searching from the current sample count keeps rounded counts at tiny n from fooling it.
 */
export function samplesToDecideWith(intervalAt: (n: number) => [number, number], bound: number, direction: Direction, from = 1): number | undefined {
  const clears = (n: number) => {
    const [low, high] = intervalAt(n);
    return direction === 'min' ? low >= bound || high < bound : high <= bound || low > bound;
  };
  const start = Math.max(1, Math.floor(from));
  if (clears(start)) return start;
  let high = start * 2;
  while (!clears(high)) {
    high *= 2;
    if (high > 1e7) return undefined;
  }
  let low = Math.max(start, Math.floor(high / 2));
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (clears(mid)) high = mid;
    else low = mid;
  }
  return high;
}

/** Smallest n (same observed proportion) whose Wilson interval would clear `bound`; undefined if none ≤ 10^7. */
export function samplesToDecide(proportion: number, bound: number, direction: Direction, confidence: number): number | undefined {
  return samplesToDecideWith((n) => wilsonInterval(Math.round(proportion * n), n, confidence), bound, direction);
}

/** The unit a measurement is shown in: `scale` 100 is the score, anything else a proportion. */
function unitOf(measured: Measurement): ThresholdScale {
  return measured.scale === 100 ? 'score' : 'fraction';
}

/** Outcome of one measurement against the bounds. */
interface Judged {
  measurement: Measurement;
  status: ThresholdStatus;
  reason: string;
  interval?: [number, number];
  samplesToDecide?: number;
}

const rank: Record<ThresholdStatus, number> = { skipped: -1, pass: 0, inconclusive: 1, fail: 2 };

function judge(measured: Measurement, expected: { min?: number; max?: number }, confidence?: number): Judged {
  const unit = unitOf(measured);
  const format = (value: number) => thresholdValue(value, unit);
  const interval = measured.interval?.(confidence ?? 0.95);
  const statuses: ThresholdStatus[] = [];
  const reasons: string[] = [];
  let needed: number | undefined;
  for (const direction of ['min', 'max'] as const) {
    const bound = expected[direction];
    if (bound === undefined) continue;
    const ok = (value: number) => (direction === 'min' ? value >= bound : value <= bound);
    const word = direction === 'min' ? '≥' : '≤';
    if (confidence !== undefined && interval) {
      const [low, high] = interval;
      const ci = thresholdRange(interval, unit);
      if (ok(low) && ok(high)) {
        statuses.push('pass');
        reasons.push(`${measured.label} ${format(measured.actual)} (${Math.round(confidence * 100)}% CI ${ci}) is ${word} ${format(bound)}`);
      } else if (!ok(low) && !ok(high)) {
        statuses.push('fail');
        reasons.push(`${measured.label} ${format(measured.actual)} (CI ${ci}) is not ${word} ${format(bound)}`);
      } else {
        statuses.push('inconclusive');
        const intervalAt = measured.intervalAt;
        needed = intervalAt ? samplesToDecideWith((n) => intervalAt(n, confidence), bound, direction, measured.samples) : undefined;
        reasons.push(`${measured.label} ${format(measured.actual)} has CI ${ci} straddling ${format(bound)}` +
          (needed ? `; about ${needed} samples at this rate would decide it` : '; more samples would not decide it at this rate'));
      }
    } else {
      const pass = ok(measured.actual);
      statuses.push(pass ? 'pass' : 'fail');
      reasons.push(`${measured.label} ${format(measured.actual)} is ${pass ? '' : 'not '}${word} ${format(bound)}`);
    }
  }
  const status = statuses.reduce<ThresholdStatus>((worst, next) => (rank[next] > rank[worst] ? next : worst), 'pass');
  return { measurement: measured, status, reason: reasons.join('; '), ...(interval ? { interval } : {}), ...(needed && status === 'inconclusive' ? { samplesToDecide: needed } : {}) };
}

/**
 * Several measurements under one threshold (every class, every baseline row): the worst status
 * decides, then the value furthest on the wrong side (lowest for a `min`, highest for a `max`).
 */
function combine(judged: Judged[], expected: { min?: number; max?: number }, what: string): Judged {
  const lowerIsWorse = expected.min !== undefined;
  const sorted = [...judged].sort((a, b) => rank[b.status] - rank[a.status]
    || (lowerIsWorse ? a.measurement.actual - b.measurement.actual : b.measurement.actual - a.measurement.actual));
  const decisive = sorted[0]!;
  const failing = sorted.filter((entry) => entry.status !== 'pass');
  if (failing.length === 0) return { ...decisive, reason: `all ${judged.length} ${what} pass; closest: ${decisive.reason}` };
  const listed = failing.slice(0, 3).map((entry) => `${entry.reason} (${entry.status})`).join('; ');
  const more = failing.length > 3 ? `; and ${failing.length - 3} more` : '';
  return { ...decisive, reason: `${failing.length} of ${judged.length} ${what} do not pass: ${listed}${more}` };
}

/**
 * Evaluates one threshold. Without `confidence` the point value is compared with the bound. With
 * it, a measure passes only when its whole interval clears the bound, fails when the whole
 * interval misses it, and is `inconclusive` otherwise (with the sample count that would decide it
 * at the same observed rate). Thresholds over several measures (every class, every baseline row)
 * take the worst.
 */
export function evaluateThreshold(spec: ThresholdSpec, report: SuiteReport, confidence?: number): ThresholdResult {
  const base = {
    metric: spec.metric, ...(spec.attack ? { attack: spec.attack } : {}), ...(spec.epsilon !== undefined ? { epsilon: spec.epsilon } : {}),
    ...(spec.norm ? { norm: spec.norm } : {}),
  };
  const expected = { ...(spec.min !== undefined ? { min: spec.min } : {}), ...(spec.max !== undefined ? { max: spec.max } : {}) };
  const handler = Object.hasOwn(thresholdHandlers, spec.metric) ? thresholdHandlers[spec.metric] : undefined;
  const measured = handler ? handler(spec, report) : `unknown metric "${spec.metric}"`;
  if (typeof measured === 'string') return { ...base, expected, actual: null, status: 'fail', reason: measured };
  const judged = Array.isArray(measured)
    ? combine(measured.map((entry) => judge(entry, expected, confidence)), expected, spec.metric === 'regression' ? 'compared results' : 'classes')
    : judge(measured, expected, confidence);
  return {
    ...base, expected, actual: judged.measurement.actual, ...(judged.interval ? { ci95: judged.interval } : {}),
    status: judged.status, reason: judged.reason, ...(judged.samplesToDecide !== undefined ? { samplesToDecide: judged.samplesToDecide } : {}),
  };
}
