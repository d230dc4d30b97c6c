import { describe, expect, it } from 'vitest';
import { standardBudgets } from '../../src/metrics/standard-budgets.js';
import type { SuiteReport } from '../../src/report/report-types.js';

const entry = (norm: string, epsilon: number, robustAccuracy: number, attacks: string[]): SuiteReport['worstCase'][number] =>
  ({ norm, epsilon, robustAccuracy, robustCount: Math.round(robustAccuracy * 100), ci95: [robustAccuracy - 0.05, robustAccuracy + 0.05], attacks });
const attack = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, params }) as SuiteReport['attacks'][number];

describe('standard-budget summary', () => {
  const report = {
    attacks: [attack('aa', 'autoattack', { version: 'standard' }), attack('pgd', 'pgd'), attack('aa-rand', 'autoattack', { version: 'rand' })],
    worstCase: [entry('linf', 0.1, 0.4, ['aa', 'pgd']), entry('linf', 0.3, 0.05, ['pgd', 'aa-rand']), entry('linf', 0.03, 0.7, ['pgd'])],
  };

  it('28×28 greyscale in [0, 1]: L∞ 0.1 and 0.3 from the worst case, marking whether AutoAttack (not rand) is in it', () => {
    const summary = standardBudgets(report, [28, 28, 1], [0, 1])!;
    expect(summary.data).toBe('28×28 greyscale (MNIST, Fashion-MNIST)');
    expect(summary.entries).toEqual([
      { norm: 'linf', epsilon: 0.1, label: '0.1', robustAccuracy: 0.4, ci95: report.worstCase[0]!.ci95, attacks: ['aa', 'pgd'], autoAttack: true },
      { norm: 'linf', epsilon: 0.3, label: '0.3', robustAccuracy: 0.05, ci95: report.worstCase[1]!.ci95, attacks: ['pgd', 'aa-rand'], autoAttack: false },
    ]);
  });

  it('32×32 colour: 8/255 matches a suite that wrote it as 0.031373; L2 0.5 not evaluated', () => {
    const colour = { attacks: report.attacks, worstCase: [entry('linf', 0.031373, 0.5, ['aa'])] };
    const summary = standardBudgets(colour, [32, 32, 3], [0, 1])!;
    expect(summary.entries[0]).toMatchObject({ label: '8/255', robustAccuracy: 0.5, autoAttack: true });
    expect(summary.entries[1]).toEqual({ norm: 'l2', epsilon: 0.5, label: '0.5' });
  });

  it('nothing for inputs outside [0, 1], non-images or sizes without a literature standard', () => {
    expect(standardBudgets(report, [28, 28, 1], [0, 255])).toBeUndefined();
    expect(standardBudgets(report, [784], [0, 1])).toBeUndefined();
    expect(standardBudgets(report, [64, 64, 3], [0, 1])).toBeUndefined();
  });
});
