import { wilsonInterval } from '../../metrics/wilson.js';
import type { SuiteReport } from '../report-types.js';
import type { AttackTally, CaseTally } from './report-tally.js';

/**
 * Worst case per (norm, ε): a sample counts as robust only if it survives every attack of the
 * suite with that norm and ε.
 */
export function worstCase(attacks: { attack: Pick<AttackTally['attack'], 'id' | 'norm' | 'budgetKind'>; cases: Pick<CaseTally, 'budget' | 'robust'>[] }[], n: number): SuiteReport['worstCase'] {
  const groups = new Map<string, { norm: string; epsilon: number; robust: Uint8Array; attacks: string[] }>();
  for (const { attack, cases } of attacks) {
    if (attack.budgetKind !== 'epsilon') continue;
    for (const entry of cases) {
      const key = `${attack.norm}:${entry.budget}`;
      const group = groups.get(key) ?? { norm: attack.norm ?? 'linf', epsilon: entry.budget, robust: new Uint8Array(n).fill(1), attacks: [] };
      for (let i = 0; i < n; i++) group.robust[i]! &= entry.robust[i]!;
      group.attacks.push(attack.id);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .filter((group) => group.attacks.length > 0)
    .sort((a, b) => a.norm.localeCompare(b.norm) || a.epsilon - b.epsilon)
    .map((group) => {
      const robustCount = group.robust.reduce((sum, flag) => sum + flag, 0);
      return { norm: group.norm, epsilon: group.epsilon, robustAccuracy: n ? robustCount / n : 0, robustCount, ci95: wilsonInterval(robustCount, n), attacks: group.attacks };
    });
}
