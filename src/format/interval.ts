import { percent } from './percent.js';

/**
 * How an interval of proportions is written: `bracketed` "[79.0–83.0]" (terminal lines, where the
 * value before it carries the %), `range` "79.0–83.0%" (Markdown and HTML table cells),
 * `bracketed-percent` "[79.0%–83.0%]" (messages that stand alone: matcher failures, `init`).
 */
export type IntervalStyle = 'bracketed' | 'range' | 'bracketed-percent';

/** A confidence interval `[low, high]` of proportions in percent, one decimal. */
export function interval(ci: readonly [number, number], style: IntervalStyle = 'bracketed'): string {
  const [low, high] = ci;
  if (style === 'bracketed-percent') return `[${percent(low)}–${percent(high)}]`;
  const points = `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}`;
  return style === 'range' ? `${points}%` : `[${points}]`;
}
