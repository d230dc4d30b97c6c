import type { SuiteReport } from '../report/report-types.js';
import type { StandardBudgetEntry, StandardBudgets } from '../report/statistics-types.js';

/** Budgets published robust accuracies use, by image shape `[h, w, c]` (RobustBench and the papers it follows). */
const literature: { shape: [number, number, number]; data: string; budgets: Omit<StandardBudgetEntry, 'robustAccuracy' | 'ci95' | 'attacks' | 'autoAttack'>[] }[] = [
  { shape: [28, 28, 1], data: '28×28 greyscale (MNIST, Fashion-MNIST)', budgets: [{ norm: 'linf', epsilon: 0.1, label: '0.1' }, { norm: 'linf', epsilon: 0.3, label: '0.3' }] },
  { shape: [32, 32, 3], data: '32×32 colour (CIFAR-10/100, SVHN)', budgets: [{ norm: 'linf', epsilon: 8 / 255, label: '8/255' }, { norm: 'l2', epsilon: 0.5, label: '0.5' }] },
  { shape: [224, 224, 3], data: '224×224 colour (ImageNet)', budgets: [{ norm: 'linf', epsilon: 4 / 255, label: '4/255' }, { norm: 'l2', epsilon: 3, label: '3.0' }] },
];

/** ε values closer than this (relative) are the same budget: suites write 8/255 as 0.0313725… or 0.031373. */
const sameBudget = 1e-4;

/**
 * Robust accuracy at the budgets the literature reports for the data's size, for image inputs in
 * [0, 1]: read from the suite's worst case at that norm and ε (every attack of the suite at that
 * budget), so it says which attacks it rests on and whether AutoAttack is among them. Undefined
 * for other inputs (no standard to compare with).
 */
export function standardBudgets(report: Pick<SuiteReport, 'worstCase' | 'attacks'>, inputShape: readonly number[], inputRange: readonly [number, number]): StandardBudgets | undefined {
  if (inputRange[0] !== 0 || inputRange[1] !== 1 || inputShape.length !== 3) return undefined;
  const match = literature.find(({ shape }) => shape.every((size, i) => size === inputShape[i]));
  if (!match) return undefined;
  const autoAttackIds = new Set(report.attacks.filter((attack) => attack.type === 'autoattack' && attack.params.version !== 'rand').map((attack) => attack.id));
  return {
    data: match.data,
    entries: match.budgets.map((budget) => {
      const found = report.worstCase.find((entry) => entry.norm === budget.norm && Math.abs(entry.epsilon - budget.epsilon) <= sameBudget * budget.epsilon);
      if (!found) return { ...budget };
      return { ...budget, robustAccuracy: found.robustAccuracy, ci95: found.ci95, attacks: found.attacks, autoAttack: found.attacks.some((id) => autoAttackIds.has(id)) };
    }),
  };
}
