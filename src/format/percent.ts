/**
 * Proportions as every view prints them (terminal, Markdown, HTML, JUnit, the Ink view, messages
 * in reports), so one number reads the same wherever it appears.
 */

/** A proportion in percent with `digits` decimals: 0.8123 → "81.2%". */
export function percent(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)}%`;
}

/** A change of a proportion in signed percentage points: 0.012 → "+1.2", -0.03 → "-3.0". */
export function signedPoints(value: number): string {
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}`;
}
