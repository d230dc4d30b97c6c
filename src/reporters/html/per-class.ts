import type { SuiteReport } from '../../report/report-types.js';

/** Accuracy of one class, clean and under each attack at its largest finished budget. */
export interface PerClassRow {
  label: number;
  samples: number;
  cleanCorrect: number;
  /** Robust samples of this class per column of {@link PerClassTable.columns}. */
  robust: number[];
}

export interface PerClassTable {
  /** One column per attack: its id and the largest budget it finished. */
  columns: { attackId: string; budget: string }[];
  rows: PerClassRow[];
}

/**
 * Per-class accuracies from the per-sample outcomes (labels, clean and robust flags), so the
 * table needs nothing beyond what every report keeps. Classes without samples are left out.
 */
export function perClassTable(report: SuiteReport): PerClassTable {
  const { outcomes } = report;
  const columns = report.attacks.flatMap((attack) => {
    const budgets = Object.keys(outcomes.attacks[attack.id] ?? {});
    const largest = budgets.sort((a, b) => Number(a) - Number(b)).at(-1);
    return largest === undefined ? [] : [{ attackId: attack.id, budget: largest }];
  });
  const byLabel = new Map<number, PerClassRow>();
  outcomes.labels.forEach((label, position) => {
    const row = byLabel.get(label) ?? { label, samples: 0, cleanCorrect: 0, robust: columns.map(() => 0) };
    row.samples++;
    if (outcomes.clean[position] === '1') row.cleanCorrect++;
    columns.forEach((column, k) => {
      if (outcomes.attacks[column.attackId]![column.budget]![position] === '1') row.robust[k]!++;
    });
    byLabel.set(label, row);
  });
  return { columns, rows: [...byLabel.values()].sort((a, b) => a.label - b.label) };
}
