import { findAttack } from '../../../attacks/registry.js';
import type { ResolvedAttack } from '../../suite/types.js';
import type { AttackTraits } from './types.js';

/**
 * Kind, single-step and targeted flags of each attack of a suite, by id. Reads only ids,
 * types and parameters, which reports carry too, so merged shards get the same traits.
 */
export function attackTraits(attacks: readonly Pick<ResolvedAttack, 'id' | 'type' | 'params'>[]): Record<string, AttackTraits> {
  return Object.fromEntries(attacks.map((attack) => {
    const definition = findAttack(attack.type);
    const kind = definition?.kind ?? 'corruption';
    const singleStep = kind === 'gradient' && definition?.singleStep === true;
    return [attack.id, { kind, singleStep, targeted: attack.params.target !== undefined, ...(definition?.minimize ? { minimization: true } : {}) }];
  }));
}
