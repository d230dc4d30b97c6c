import type { ClassMetrics } from '../../report/statistics-types.js';
import type { AdversarialExample, SuiteReport } from '../../report/report-types.js';
import { formatBudget } from '../../format/budget.js';

/** One attack × budget row of a finished suite (the suite view's table and cursor). */
export interface CaseRow {
  attackId: string;
  type: string;
  norm?: string;
  budget: number;
  /** `ε=0.03` or `severity 3`. */
  budgetLabel: string;
  robustAccuracy: number;
  ci95: [number, number];
  attackSuccessRate: number;
  /** Largest L∞ perturbation used (input units). */
  linfMax: number;
  samplesPerSecond: number;
  examples: AdversarialExample[];
  /** Per-class precision/recall/F1 under this perturbation (newer reports). */
  perClass?: ClassMetrics[];
}

/** Every attack × budget of a report in run order. */
export function caseRows(report: SuiteReport): CaseRow[] {
  return (report.attacks ?? []).flatMap((attack) => attack.results.map((result): CaseRow => {
    const budget = result.severity ?? result.epsilon ?? 0;
    const kind = result.severity !== undefined ? 'severity' : 'epsilon';
    return {
      attackId: attack.id, type: attack.type, ...(attack.norm ? { norm: attack.norm } : {}), budget,
      budgetLabel: formatBudget(kind, budget), robustAccuracy: result.robustAccuracy, ci95: result.ci95,
      attackSuccessRate: result.attackSuccessRate, linfMax: result.perturbation?.linf?.max ?? 0,
      samplesPerSecond: result.samplesPerSecond ?? 0, examples: result.examples ?? [],
      ...(result.perClass ? { perClass: result.perClass } : {}),
    };
  }));
}

/** Display name of a class: the report's `model.classNames` when the suite gave them, else the index. */
export function className(report: SuiteReport, index: number): string {
  const name = report.model.classNames?.[index];
  return typeof name === 'string' ? name : String(index);
}

/** Per-class accuracies for one case, from the report's compact per-sample outcomes. */
export interface ClassRow {
  index: number;
  name: string;
  samples: number;
  cleanAccuracy: number;
  /** Undefined when the report holds no outcomes for the case (e.g. interrupted before it). */
  robustAccuracy?: number;
  /** Under the case's perturbation, when the report has per-class metrics; null when undefined. */
  precision?: number | null;
  recall?: number | null;
  f1?: number | null;
}

/**
 * Clean and robust accuracy per class for one case. Uses `outcomes` (one character per sample),
 * so it works for every report without per-class metrics stored.
 */
export function perClassRows(report: SuiteReport, row: Pick<CaseRow, 'attackId' | 'budget' | 'perClass'> | undefined): ClassRow[] {
  const outcomes = report.outcomes;
  if (!outcomes) return [];
  const robust = row ? outcomes.attacks?.[row.attackId]?.[String(row.budget)] : undefined;
  const tally = new Map<number, { samples: number; clean: number; robust: number }>();
  outcomes.labels.forEach((label, position) => {
    const entry = tally.get(label) ?? { samples: 0, clean: 0, robust: 0 };
    entry.samples += 1;
    if (outcomes.clean[position] === '1') entry.clean += 1;
    if (robust?.[position] === '1') entry.robust += 1;
    tally.set(label, entry);
  });
  return [...tally.entries()].sort((a, b) => a[0] - b[0]).map(([index, entry]) => {
    const metrics = row?.perClass?.find((candidate) => candidate.label === index);
    return {
      index, name: className(report, index), samples: entry.samples, cleanAccuracy: entry.clean / entry.samples,
      ...(robust !== undefined ? { robustAccuracy: entry.robust / entry.samples } : {}),
      ...(metrics ? { precision: metrics.precision, recall: metrics.recall, f1: metrics.f1 } : {}),
    };
  });
}

/** One bar of the accuracy-vs-budget chart. */
export interface ChartBar {
  /** Attack id, or `clean` for the reference bar. */
  group: string;
  label: string;
  value: number;
  ci95: [number, number];
}

/** Bars of the accuracy-vs-budget chart: clean accuracy first, then each attack's budgets. */
export function chartBars(report: SuiteReport): ChartBar[] {
  const clean: ChartBar = { group: 'clean', label: '', value: report.clean.accuracy, ci95: report.clean.ci95 };
  return [clean, ...caseRows(report).map((row) => ({
    group: row.attackId, label: `${row.norm ? `${row.norm} ` : ''}${row.budgetLabel}`, value: row.robustAccuracy, ci95: row.ci95,
  }))];
}
