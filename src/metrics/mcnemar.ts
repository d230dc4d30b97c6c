import { wilsonInterval } from './wilson.js';

/**
 * Two-sided exact McNemar test on paired binary outcomes (the same samples scored twice):
 * under "no change" each discordant pair is equally likely to go either way, so the smaller
 * discordant count is Binomial(b + c, ½) and
 * p = min(1, 2 · Σ_{k ≤ min(b, c)} C(b + c, k) / 2^(b + c)).
 * Terms are summed in log space, so counts in the millions neither overflow nor underflow.
 *
 * @param b - pairs that went one way (e.g. robust in the baseline, broken in the candidate), integer ≥ 0
 * @param c - pairs that went the other way (broken before, robust now), integer ≥ 0
 * @returns p-value in (0, 1]; 1 when there are no discordant pairs
 */
export function mcnemarExact(b: number, c: number): number {
  if (!(Number.isInteger(b) && Number.isInteger(c) && b >= 0 && c >= 0)) {
    throw new RangeError(`mcnemarExact needs non-negative integer counts, got b = ${b}, c = ${c}`);
  }
  const m = b + c;
  if (m === 0) return 1;
  const smaller = Math.min(b, c);
  // log C(m, k) built term by term: log C(m, k + 1) = log C(m, k) + log(m − k) − log(k + 1).
  const logTerms: number[] = [0];
  for (let k = 0; k < smaller; k++) logTerms.push(logTerms[k]! + Math.log(m - k) - Math.log(k + 1));
  // k ≤ m/2, so the terms grow with k: the last is the largest (no spread: counts can be huge).
  const largest = logTerms[logTerms.length - 1]!;
  const logSum = largest + Math.log(logTerms.reduce((sum, term) => sum + Math.exp(term - largest), 0));
  return Math.min(1, 2 * Math.exp(logSum - m * Math.LN2));
}

/**
 * Interval for the paired change in a proportion, (b − c) / n, conditional on the b + c
 * discordant pairs (the conditioning McNemar's test uses): a Wilson interval for the share
 * π = b / (b + c) maps to (b + c)(2π − 1) / n. With no discordant pair the change is exactly 0.
 *
 * @param b - pairs that went from success to failure (count)
 * @param c - pairs that went from failure to success (count)
 * @param n - paired samples (count ≥ b + c)
 * @param confidence - two-sided level, e.g. 0.95
 * @returns `[low, high]` of (b − c) / n, within [−1, 1]
 */
export function pairedChangeInterval(b: number, c: number, n: number, confidence = 0.95): [number, number] {
  const m = b + c;
  if (m === 0 || n === 0) return [0, 0];
  const [low, high] = wilsonInterval(b, m, confidence);
  return [(m * (2 * low - 1)) / n, (m * (2 * high - 1)) / n];
}
