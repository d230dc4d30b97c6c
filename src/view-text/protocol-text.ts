import type { SuiteReport } from '../report/report-types.js';
import { interval } from '../format/interval.js';
import { percent } from '../format/percent.js';

/** How the score is computed, wherever it is shown. */
export const scoreDefinition =
  'score = 100 × the mean, over every (attack, ε or severity) cell of this suite, of robust accuracy ÷ clean accuracy. ' +
  'It depends on which attacks and budgets the suite lists, so it is not comparable with published numbers; robust accuracy at the standard budgets under autoattack is.';

/** Rows of the standard-budget table: norm, ε label, robust, CI, attacks, comparable. */
export function standardBudgetRows(report: SuiteReport): string[][] {
  return (report.standardBudgets?.entries ?? []).map((entry) => [
    entry.norm, entry.label,
    entry.robustAccuracy === undefined ? 'not evaluated' : percent(entry.robustAccuracy),
    entry.ci95 ? interval(entry.ci95, 'range') : '–',
    entry.attacks?.join(', ') ?? `add an attack at ε = ${entry.label} (autoattack)`,
    entry.robustAccuracy === undefined ? '–' : entry.autoAttack ? 'yes (AutoAttack)' : 'no: not AutoAttack',
  ]);
}

/** Rows of per-member cascade contributions: attack, budget, member, attacked, broken. */
export function contributionRows(report: SuiteReport): string[][] {
  return report.attacks.flatMap((attack) => attack.results.flatMap((result) => (result.contributions ?? []).map((entry) => [
    attack.id, String(result.epsilon ?? ''), entry.attack, String(entry.attacked), String(entry.broken),
  ])));
}

/** Rows of query counts of score-based attacks: attack, budget, samples, mean, median, max. */
export function queryRows(report: SuiteReport): string[][] {
  return report.attacks.flatMap((attack) => attack.results.filter((result) => result.queries).map((result) => [
    attack.id, String(result.epsilon ?? ''), String(result.queries!.samples), result.queries!.mean.toFixed(1), result.queries!.median.toFixed(1), String(result.queries!.max),
  ]));
}
