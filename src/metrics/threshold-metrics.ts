/**
 * Threshold metrics: names, what each measures and which fields it needs. One table feeds the
 * suite schema, the reference checks, `robustcheck list` and the handlers, so they cannot drift.
 */
import type { ThresholdScale } from '../format/threshold-value.js';

/** What a threshold metric is and which suite fields it takes. */
export interface ThresholdMetricInfo {
  description: string;
  /** Fields it requires besides `metric` and a bound. */
  requires: readonly ('attack' | 'epsilon')[];
  /** Fields it accepts besides `metric`, `min` and `max`. */
  accepts: readonly ('attack' | 'epsilon' | 'norm')[];
  /** `fraction`: bounds in [0, 1]; `score`: bounds in [0, 100]. */
  scale: ThresholdScale;
  /** Bounds it accepts (a regression is capped from above only). */
  bounds: readonly ('min' | 'max')[];
}

const perAttack = { requires: ['attack', 'epsilon'], accepts: ['attack', 'epsilon'], scale: 'fraction', bounds: ['min', 'max'] } as const;

/** Every threshold metric, in the order `robustcheck list` shows them. */
export const thresholdMetrics = {
  'clean-accuracy': { description: 'fraction of evaluated samples classified correctly', requires: [], accepts: [], scale: 'fraction', bounds: ['min', 'max'] },
  'robust-accuracy': { ...perAttack, description: 'fraction correct on the clean and the perturbed input, for one attack at one ε/severity' },
  'worst-case-robust-accuracy': {
    description: 'fraction that survives every attack of the suite at one ε (and norm, when several norms share that ε)',
    requires: ['epsilon'], accepts: ['epsilon', 'norm'], scale: 'fraction', bounds: ['min', 'max'],
  },
  'attack-success-rate': { ...perAttack, description: 'fraction of clean-correct samples one attack breaks at one ε/severity (usually with max)' },
  'accuracy-drop': { ...perAttack, description: 'clean minus robust accuracy for one attack at one ε/severity (usually with max)' },
  score: { description: 'suite score 0–100: 100 × mean of robust ÷ clean accuracy over every attack × ε/severity', requires: [], accepts: [], scale: 'score', bounds: ['min', 'max'] },
  'per-class-robust-accuracy': { ...perAttack, description: 'robust accuracy of every class for one attack at one ε/severity (a floor for the weakest class)' },
  regression: {
    description: 'largest drop in accuracy versus --baseline, sample-paired, over every row or one attack × ε/severity (max only)',
    requires: [], accepts: ['attack', 'epsilon'], scale: 'fraction', bounds: ['max'],
  },
} as const satisfies Record<string, ThresholdMetricInfo>;

/** A threshold metric name. */
export type ThresholdMetric = keyof typeof thresholdMetrics;

/** Metric names in table order. */
export const thresholdMetricNames = Object.keys(thresholdMetrics) as ThresholdMetric[];

/** Looks up a metric; `undefined` for unknown names (including inherited property names). */
export function findThresholdMetric(name: string): ThresholdMetricInfo | undefined {
  return Object.hasOwn(thresholdMetrics, name) ? thresholdMetrics[name as ThresholdMetric] : undefined;
}
