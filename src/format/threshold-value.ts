import { percent } from './percent.js';

/** The unit of a threshold metric: `fraction` bounds in [0, 1] shown in percent, `score` bounds in [0, 100]. */
export type ThresholdScale = 'fraction' | 'score';

/** A threshold value (bound, measurement or interval end) in its metric's unit: "81.2%", or "75.0" for the score. */
export function thresholdValue(value: number, scale: ThresholdScale): string {
  return scale === 'score' ? value.toFixed(1) : percent(value);
}

/** An interval of threshold values: "20.1%–30.2%", or "70.0–80.0" for the score. */
export function thresholdRange(ci: readonly [number, number], scale: ThresholdScale): string {
  return `${thresholdValue(ci[0], scale)}–${thresholdValue(ci[1], scale)}`;
}
