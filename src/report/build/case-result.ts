import type { PerturbationSize } from '../../metrics/perturbation-size.js';
import { summarize } from '../../metrics/summary-stats.js';
import { wilsonInterval } from '../../metrics/wilson.js';
import type { AttackReport, CaseResult } from '../report-types.js';
import { caseClassification, type ClassContext } from './classification.js';
import type { CaseTally, CleanTally } from './report-tally.js';

/** Tally name prefix of a cascade member's per-sample "broke it" flags. */
const brokenByPrefix = 'broken-by:';

/** Robust accuracy, attack success, perturbation sizes and throughput of one attack × budget. */
function summarizeCase(budgetKind: AttackReport['budgetKind'], tally: CaseTally, cleanCorrect: Uint8Array): CaseResult {
  const n = tally.robust.length;
  let robustCount = 0;
  let cleanCount = 0;
  for (let i = 0; i < n; i++) {
    robustCount += tally.robust[i]!;
    cleanCount += cleanCorrect[i]!;
  }
  const measured = tally.sizes.filter((size): size is PerturbationSize => size !== undefined);
  const seconds = tally.durationMs / 1000;
  return {
    ...(budgetKind === 'epsilon' ? { epsilon: tally.budget } : { severity: tally.budget }),
    robustAccuracy: n === 0 ? 0 : robustCount / n,
    robustCount,
    ci95: wilsonInterval(robustCount, n),
    attackSuccessRate: cleanCount === 0 ? 0 : (cleanCount - robustCount) / cleanCount,
    attacked: tally.attacked,
    perturbation: {
      l0: summarize(measured.map((size) => size.l0)),
      l2: summarize(measured.map((size) => size.l2)),
      linf: summarize(measured.map((size) => size.linf)),
    },
    durationMs: tally.durationMs,
    samplesPerSecond: seconds > 0 ? tally.attacked / seconds : 0,
  };
}

/**
 * Report fields from tallied statistics: `queries` (score-based attacks: mean/median/max over the
 * samples that were queried) and `contributions` (cascades: samples each member broke, in order).
 */
function statsResults(stats: Record<string, Float64Array> | undefined): Pick<CaseResult, 'queries' | 'contributions'> {
  if (!stats) return {};
  const present = (values: Float64Array) => Array.from(values).filter((value) => !Number.isNaN(value));
  const result: Pick<CaseResult, 'queries' | 'contributions'> = {};
  if (stats.queries) {
    const values = present(stats.queries);
    result.queries = { samples: values.length, ...summarize(values) };
  }
  const members = Object.keys(stats).filter((name) => name.startsWith(brokenByPrefix));
  if (members.length > 0) {
    result.contributions = members.map((name) => {
      const values = present(stats[name]!);
      return { attack: name.slice(brokenByPrefix.length), attacked: values.length, broken: values.reduce((sum, value) => sum + value, 0) };
    });
  }
  return result;
}

/** Metrics of one case from its tally; with `classes`, per-class metrics too. */
export function caseResult(budgetKind: AttackReport['budgetKind'], tally: CaseTally, clean: CleanTally, classes?: ClassContext): CaseResult {
  const summary = summarizeCase(budgetKind, tally, clean.correct);
  const result: CaseResult = classes && tally.classes ? { ...summary, ...caseClassification(tally.classes, tally.robust, clean, classes) } : summary;
  if (tally.examples.length > 0) result.examples = tally.examples;
  if (tally.target) result.targetSuccessRate = tally.target.reachable ? tally.target.reached / tally.target.reachable : 0;
  Object.assign(result, statsResults(tally.stats));
  return result;
}
