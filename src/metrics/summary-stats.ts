import type { SummaryStats } from '../report/statistics-types.js';

/** Summarises values; the median of an even count is the mean of the two middle values. */
export function summarize(values: ArrayLike<number>): SummaryStats {
  const n = values.length;
  if (n === 0) return { mean: 0, median: 0, max: 0 };
  const sorted = Array.from(values).sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / n;
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { mean, median, max: sorted[n - 1]! };
}
