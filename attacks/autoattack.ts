/**
 * AutoAttack — the standard robustness evaluation: a cascade of four diverse parameter-free
 * attacks. Croce & Hein 2020, "Reliable evaluation of adversarial robustness with an ensemble of
 * diverse parameter-free attacks", https://arxiv.org/abs/2003.01690; versions and settings as in
 * AutoAttack's `autoattack/autoattack.py` (`set_version`).
 *
 * Threat model: white-box plus black-box, ‖δ‖ ≤ ε in L∞ or L2. Each member runs only on the
 * samples still robust after the earlier ones; a sample counts as broken by the first member
 * that breaks it (the report lists each member's contribution), so the robust accuracy is the
 * worst case over the members, per sample.
 *
 * - `standard`: APGD-CE (100 steps, 1 restart), APGD-T (9 targets), FAB-T (9 targets), Square
 *   (5,000 queries) — the number published robust accuracies are compared with.
 * - `plus`: APGD-CE and APGD-DLR (5 restarts each), FAB (untargeted, 5 restarts), Square,
 *   APGD-T, FAB-T.
 * - `rand` (for randomised models): APGD-CE and APGD-DLR with Expectation over Transformation over
 *   20 draws, 1 restart.
 * Members that need gradients are skipped with a warning on models without them; Square still runs.
 */
import { apgd } from './apgd.js';
import { apgdT } from './apgd-t.js';
import { runCascade, type CascadeMember } from './core/cascade.js';
import { defineAttack, withDefaults } from './core/define-attack.js';
import { fab } from './fab.js';
import { square } from './square.js';
import type { AttackDefinition } from './types.js';

/** AutoAttack versions. */
export const autoAttackVersions = ['standard', 'plus', 'rand'] as const;
export type AutoAttackVersion = (typeof autoAttackVersions)[number];

/** The members of an AutoAttack version, in cascade order, with AutoAttack's settings. */
export function autoAttackMembers(version: AutoAttackVersion): CascadeMember[] {
  const member = (name: string, definition: AttackDefinition, overrides: Record<string, unknown>): CascadeMember => ({ name, definition, params: withDefaults(definition.params, overrides) });
  const squareMember = member('square', square, { queries: 5000, pInit: 0.8, restarts: 1, rescaleSchedule: false });
  const apgdTMember = member('apgd-t', apgdT, { targetClasses: 9, restarts: 1, steps: 100 });
  const fabTMember = member('fab-t', fab, { targeted: true, targetClasses: 9, restarts: 1, steps: 100 });
  if (version === 'standard') {
    return [member('apgd-ce', apgd, { loss: 'ce', restarts: 1, steps: 100 }), apgdTMember, fabTMember, squareMember];
  }
  if (version === 'plus') {
    return [
      member('apgd-ce', apgd, { loss: 'ce', restarts: 5, steps: 100 }), member('apgd-dlr', apgd, { loss: 'dlr', restarts: 5, steps: 100 }),
      member('fab', fab, { targeted: false, restarts: 5, steps: 100 }), squareMember, apgdTMember, fabTMember,
    ];
  }
  return [
    member('apgd-ce', apgd, { loss: 'ce', restarts: 1, steps: 100, eotIterations: 20 }),
    member('apgd-dlr', apgd, { loss: 'dlr', restarts: 1, steps: 100, eotIterations: 20 }),
  ];
}

export const autoAttack = defineAttack({
  type: 'autoattack',
  kind: 'ensemble',
  summary: 'AutoAttack: cascade of APGD-CE, APGD-T, FAB-T and Square (standard), or the plus / rand versions; per-member contributions',
  reference: 'Croce & Hein 2020, https://arxiv.org/abs/2003.01690 (AutoAttack autoattack.py)',
  norms: ['linf', 'l2'],
  budget: 'epsilons',
  params: {
    version: { type: 'string', enum: autoAttackVersions, default: 'standard', description: 'standard (APGD-CE, APGD-T, FAB-T, Square), plus (adds APGD-DLR, FAB, 5 restarts) or rand (APGD-CE, APGD-DLR with EOT over 20 draws)' },
  },
  propose(context) {
    return runCascade(context, autoAttackMembers(context.params.version));
  },
});
