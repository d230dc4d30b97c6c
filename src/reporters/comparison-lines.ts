import type { BaselineComparison, ComparisonRow, RowVerdict } from '../report/comparison-types.js';
import { table } from './text-table.js';
import { percent, signedPoints } from '../format/percent.js';
import { formatBudget } from '../format/budget.js';

/** Human words for a comparison verdict. */
export const verdictWords: Record<RowVerdict | 'incomparable', string> = {
  improved: 'improved',
  unchanged: 'unchanged',
  'worse-within-noise': 'worse within noise',
  'significant-regression': 'SIGNIFICANT REGRESSION',
  incomparable: 'not comparable',
};

function rowLabel(row: ComparisonRow): string {
  if (row.kind === 'clean') return 'clean';
  // Every row but the clean one has a budget.
  const budget = formatBudget(row.budgetKind ?? 'epsilon', row.budget!);
  return row.kind === 'worst-case' ? `worst case ${row.norm} ${budget}` : `${row.attack} ${row.norm ?? ''} ${budget}`.replace(/\s+/g, ' ');
}

/**
 * A baseline comparison as aligned text lines (no trailing newline): one row per clean /
 * attack × budget / worst-case result with both accuracies, the change in points, newly broken
 * and newly robust samples, McNemar's p and the row verdict; or the reasons it is not comparable.
 */
export function comparisonLines(comparison: BaselineComparison, indent = '  '): string[] {
  if (!comparison.comparable) {
    return [`${indent}not comparable with the baseline${comparison.source ? ` ${comparison.source}` : ''}:`, ...comparison.differences.map((line) => `${indent}  - ${line}`)];
  }
  const rows = [['result', 'baseline', 'candidate', 'Δ points', 'newly broken', 'newly robust', 'McNemar p', 'verdict']];
  for (const row of comparison.rows) {
    rows.push([rowLabel(row), percent(row.base), percent(row.candidate), signedPoints(row.delta), String(row.newlyBroken), String(row.newlyRobust),
      row.pValue < 1e-4 ? row.pValue.toExponential(1) : row.pValue.toFixed(4), verdictWords[row.verdict]]);
  }
  return [
    ...table(rows).map((line) => `${indent}${line}`),
    ...comparison.notes.map((note) => `${indent}note: ${note}`),
    `${indent}vs baseline: ${verdictWords[comparison.verdict]} (α = ${comparison.alpha} per row, two-sided exact McNemar test on the samples that changed)`,
  ];
}
