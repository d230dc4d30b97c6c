/**
 * Words and numbers shared by the file reporters (JUnit, Markdown, HTML), so a threshold reads the
 * same everywhere. Returns plain, unescaped text: each format escapes it its own way.
 */
import type { SuiteReport, ThresholdResult } from '../report/report-types.js';
import { formatBudget } from '../format/budget.js';
import { thresholdRange, thresholdValue, type ThresholdScale } from '../format/threshold-value.js';
import { findThresholdMetric } from '../metrics/threshold-metrics.js';

/** The unit of a threshold's metric (a proportion unless the metric says otherwise). */
function scaleOf(threshold: Pick<ThresholdResult, 'metric'>): ThresholdScale {
  return findThresholdMetric(threshold.metric)?.scale ?? 'fraction';
}

/** Budget label of a threshold or result: "ε=0.03" for ε budgets, "severity 3" for corruptions. */
export function budgetText(report: Pick<SuiteReport, 'attacks'>, attackId: string | undefined, budget: number | undefined): string {
  if (budget === undefined) return '';
  const kind = report.attacks.find((attack) => attack.id === attackId)?.budgetKind ?? 'epsilon';
  return formatBudget(kind, budget);
}

/** Expected bounds: "≥ 30.0%", "≤ 2.0%" or "≥ 30.0% and ≤ 90.0%". */
export function expectedText(threshold: ThresholdResult): string {
  const parts: string[] = [];
  if (threshold.expected.min !== undefined) parts.push(`≥ ${thresholdValue(threshold.expected.min, scaleOf(threshold))}`);
  if (threshold.expected.max !== undefined) parts.push(`≤ ${thresholdValue(threshold.expected.max, scaleOf(threshold))}`);
  return parts.join(' and ') || 'no bound';
}

/** Measured value with its interval: "25.0% (95% CI 20.1%–30.2%)", or "not measured". */
export function actualText(threshold: ThresholdResult): string {
  if (threshold.actual === null) return 'not measured';
  const value = thresholdValue(threshold.actual, scaleOf(threshold));
  if (!threshold.ci95) return value;
  return `${value} (CI ${thresholdRange(threshold.ci95, scaleOf(threshold))})`;
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
