/** A duration in milliseconds as seconds with one decimal: 12345 → "12.3 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
