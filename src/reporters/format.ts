/** Pure formatting helpers shared by the text reporters. */

/** 0.8123 → "81.2%". */
export function percent(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)}%`;
}

/** [0.79, 0.83] → "[79.0–83.0]". */
export function interval(ci: [number, number]): string {
  return `[${(ci[0] * 100).toFixed(1)}–${(ci[1] * 100).toFixed(1)}]`;
}

/** Budget label: "ε=0.03" or "severity 3". */
export function budgetLabel(result: { epsilon?: number; severity?: number }): string {
  return result.severity !== undefined ? `severity ${result.severity}` : `ε=${result.epsilon}`;
}

/** Pads cells into aligned columns. */
export function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

/** Milliseconds → "12.3 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
