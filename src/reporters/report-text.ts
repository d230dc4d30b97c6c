/**
 * Words and numbers shared by the file reporters (JUnit, Markdown, HTML), so a threshold reads the
 * same everywhere. Returns plain, unescaped text: each format escapes it its own way.
 */
import type { SuiteReport, ThresholdResult } from '../report/report-types.js';

/** Metrics on the 0–100 scale; every other threshold metric is a proportion shown in percent. */
const pointMetrics = new Set(['score']);

/** A threshold value in its metric's unit: "81.2%" for proportions, "75.0" for the score. */
export function thresholdValue(metric: string, value: number): string {
  return pointMetrics.has(metric) ? value.toFixed(1) : `${(value * 100).toFixed(1)}%`;
}

/** Budget label of a threshold or result: "ε=0.03" for ε budgets, "severity 3" for corruptions. */
export function budgetText(report: Pick<SuiteReport, 'attacks'>, attackId: string | undefined, budget: number | undefined): string {
  if (budget === undefined) return '';
  const kind = report.attacks.find((attack) => attack.id === attackId)?.budgetKind ?? 'epsilon';
  return kind === 'severity' ? `severity ${budget}` : `ε=${budget}`;
}

/** Expected bounds: "≥ 30.0%", "≤ 2.0%" or "≥ 30.0% and ≤ 90.0%". */
export function expectedText(threshold: ThresholdResult): string {
  const parts: string[] = [];
  if (threshold.expected.min !== undefined) parts.push(`≥ ${thresholdValue(threshold.metric, threshold.expected.min)}`);
  if (threshold.expected.max !== undefined) parts.push(`≤ ${thresholdValue(threshold.metric, threshold.expected.max)}`);
  return parts.join(' and ') || 'no bound';
}

/** Measured value with its interval: "25.0% (95% CI 20.1%–30.2%)", or "not measured". */
export function actualText(threshold: ThresholdResult): string {
  if (threshold.actual === null) return 'not measured';
  const value = thresholdValue(threshold.metric, threshold.actual);
  if (!threshold.ci95) return value;
  return `${value} (CI ${thresholdValue(threshold.metric, threshold.ci95[0])}–${thresholdValue(threshold.metric, threshold.ci95[1])})`;
}

/** Short name of a threshold: "robust-accuracy pgd ε=0.01 ≥ 30.0%". */
export function thresholdName(report: Pick<SuiteReport, 'attacks'>, threshold: ThresholdResult): string {
  return [threshold.metric, threshold.attack, budgetText(report, threshold.attack, threshold.epsilon), expectedText(threshold)]
    .filter((part) => part).join(' ');
}

/** Whether a sanity check's status fails the suite under its `failOn` policy (default `fail`). */
export function checkFailsSuite(status: 'pass' | 'warn' | 'fail' | 'skipped', failOn: 'fail' | 'warn' | 'never' = 'fail'): boolean {
  if (failOn === 'never') return false;
  return status === 'fail' || (failOn === 'warn' && status === 'warn');
}

/** Display name of a class: its name from the suite, else "class 3". */
export function className(report: Pick<SuiteReport, 'model'>, label: number): string {
  return report.model.classNames?.[label] ?? `class ${label}`;
}
