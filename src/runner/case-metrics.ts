import { summarize } from '../metrics/summary-stats.js';
import { wilsonInterval } from '../metrics/wilson.js';
import type { PerturbationSize } from '../metrics/perturbation-size.js';
import type { CaseResult } from '../report/report-types.js';

/** Per-position state of one attack across its ascending budgets. */
export interface CaseTally {
  /** 1 = correct on clean and on the perturbed input at this budget. */
  robust: Uint8Array;
  /** Perturbation measured (or carried from a smaller budget) per clean-correct position. */
  sizes: (PerturbationSize | undefined)[];
}

/** Builds the metrics of one attack × budget from per-sample outcomes. */
export function summarizeCase(input: {
  budgetKind: 'epsilon' | 'severity';
  budget: number;
  tally: CaseTally;
  cleanCorrect: Uint8Array;
  attacked: number;
  durationMs: number;
}): CaseResult {
  const n = input.tally.robust.length;
  let robustCount = 0;
  let cleanCount = 0;
  for (let i = 0; i < n; i++) {
    robustCount += input.tally.robust[i]!;
    cleanCount += input.cleanCorrect[i]!;
  }
  const measured = input.tally.sizes.filter((size): size is PerturbationSize => size !== undefined);
  const seconds = input.durationMs / 1000;
  return {
    ...(input.budgetKind === 'epsilon' ? { epsilon: input.budget } : { severity: input.budget }),
    robustAccuracy: n === 0 ? 0 : robustCount / n,
    robustCount,
    ci95: wilsonInterval(robustCount, n),
    attackSuccessRate: cleanCount === 0 ? 0 : (cleanCount - robustCount) / cleanCount,
    attacked: input.attacked,
    perturbation: {
      l0: summarize(measured.map((size) => size.l0)),
      l2: summarize(measured.map((size) => size.l2)),
      linf: summarize(measured.map((size) => size.linf)),
    },
    durationMs: input.durationMs,
    samplesPerSecond: seconds > 0 ? input.attacked / seconds : 0,
  };
}

/** Encodes 0/1 outcomes as a compact string ("1101…"). */
export function encodeOutcomes(flags: Uint8Array): string {
  return Array.from(flags, (flag) => (flag ? '1' : '0')).join('');
}
