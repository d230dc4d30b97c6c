import type { RunningCase } from './dashboard-state.js';

/** Live figures of the running case, derived from its counters and the current time. */
export interface CaseFigures {
  /** Fraction of the case's samples attacked, in [0, 1]; 0 until the first batch reports. */
  progress: number;
  /** Attacked samples per second of wall time; undefined until measurable. */
  samplesPerSecond?: number;
  /** Estimated seconds until the case ends; undefined until measurable. */
  etaSeconds?: number;
  /**
   * Robust accuracy over all suite samples, extrapolated from the attacked samples so far
   * (survivors ÷ attacked × to-attack ÷ samples). It equals the final value once the case ends,
   * because samples not attacked at this budget are exactly those already broken.
   */
  robustAccuracy?: number;
}

/**
 * Computes the running case's progress, throughput, ETA and live robust accuracy.
 *
 * @param current - the running case
 * @param samples - samples in the suite (denominator of robust accuracy)
 * @param now - wall clock in ms since epoch
 */
export function caseFigures(current: RunningCase, samples: number, now: number): CaseFigures {
  const total = current.total;
  const progress = total ? Math.min(1, current.done / total) : total === 0 ? 1 : 0;
  const elapsedSeconds = (current.updatedAt - current.startedAt) / 1000;
  const rate = current.done > 0 && elapsedSeconds > 0 ? current.done / elapsedSeconds : undefined;
  const eta = rate !== undefined && total !== undefined
    ? Math.max(0, (total - current.done) / rate - Math.max(0, now - current.updatedAt) / 1000)
    : undefined;
  const robust = current.done > 0 && total !== undefined && samples > 0 ? (current.robustSoFar / current.done) * total / samples : undefined;
  return {
    progress,
    ...(rate !== undefined ? { samplesPerSecond: rate } : {}),
    ...(eta !== undefined ? { etaSeconds: eta } : {}),
    ...(robust !== undefined ? { robustAccuracy: robust } : {}),
  };
}
