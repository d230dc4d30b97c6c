import { findAttack } from '../../attacks/registry.js';
import { determinismTolerance } from '../metrics/sanity/deterministic-outputs.js';
import type { SanityProbes } from '../report/sanity-probe-types.js';
import type { ResolvedAttack, ResolvedSuite } from '../suite/types.js';

/** What {@link remedyAttacks} adds and why, for a log line. */
export interface Remedy {
  attack: ResolvedAttack;
  reason: string;
}

/** Parameters of `type` with its declared defaults, under `overrides`. */
function defaultsOf(type: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const definition = findAttack(type)!;
  return { ...Object.fromEntries(Object.entries(definition.params).filter(([, spec]) => spec.default !== undefined).map(([name, spec]) => [name, spec.default])), ...overrides };
}

/** ε values per norm (ascending) of the suite's untargeted gradient attacks, L∞ and L2 only. */
function gradientBudgets(suite: ResolvedSuite): Map<'linf' | 'l2', number[]> {
  const budgets = new Map<'linf' | 'l2', Set<number>>();
  for (const attack of suite.attacks) {
    if (findAttack(attack.type)?.kind !== 'gradient' || attack.params.target !== undefined) continue;
    if (attack.norm !== 'linf' && attack.norm !== 'l2') continue;
    const set = budgets.get(attack.norm) ?? new Set<number>();
    attack.budgets.forEach((budget) => set.add(budget));
    budgets.set(attack.norm, set);
  }
  return new Map([...budgets].map(([norm, set]) => [norm, [...set].sort((a, b) => a - b)]));
}

/**
 * Attacks `checks.autoSquare` and `checks.autoRand` add after the early probes: Square (logits
 * only) when input gradients are zero or NaN on some probed sample and the suite has no
 * gradient-free attack, so a masked model meets an attack that still works; AutoAttack `rand`
 * (APGD with Expectation over Transformation) when two forward passes differ. Each runs at every
 * ε of the suite's untargeted gradient attacks of its norm, with the published defaults (Square
 * with every window position).
 */
export function remedyAttacks(suite: ResolvedSuite, probes: Pick<SanityProbes, 'determinism' | 'gradients'>): Remedy[] {
  const remedies: Remedy[] = [];
  const budgets = gradientBudgets(suite);
  const kinds = suite.attacks.map((attack) => findAttack(attack.type)?.kind);
  const { gradients, determinism } = probes;
  const masked = gradients.marginZero > 0 || gradients.marginNonFinite > 0 || gradients.ceNonFinite > 0;
  if (suite.checks.autoSquare && masked && !kinds.includes('score-based') && !kinds.includes('ensemble')) {
    for (const [norm, epsilons] of budgets) {
      remedies.push({
        // Every window position: a remedy is there to break the masked model, not to reproduce a
        // published number, and the official code's range never changes the last row or column
        // (on the 8×8 rounding canary that left 94 % robust instead of < 70 %).
        attack: { id: `auto-square-${norm}`, type: 'square', norm, budgetKind: 'epsilon', budgets: epsilons, params: defaultsOf('square', { windowPositions: 'all' }) },
        reason: 'input gradients are zero or NaN on some probed samples (gradient masking suspected)',
      });
    }
  }
  const randomised = !(determinism.maxDifference <= determinismTolerance);
  const hasRand = suite.attacks.some((attack) => attack.type === 'autoattack' && attack.params.version === 'rand');
  if (suite.checks.autoRand && randomised && !hasRand) {
    for (const [norm, epsilons] of budgets) {
      remedies.push({
        attack: { id: `auto-autoattack-rand-${norm}`, type: 'autoattack', norm, budgetKind: 'epsilon', budgets: epsilons, params: defaultsOf('autoattack', { version: 'rand' }) },
        reason: 'two forward passes differ (randomised model)',
      });
    }
  }
  return remedies.filter(({ attack }) => !suite.attacks.some((existing) => existing.id === attack.id));
}
