import { fgsm } from './fgsm.js';
import { gaussianNoise } from './gaussian-noise.js';
import { pgd } from './pgd.js';
import type { AttackDefinition } from './types.js';

/** Every attack and perturbation by its JSON `type`. Adding one = its file + one line here. */
export const attackRegistry: Readonly<Record<string, AttackDefinition>> = Object.freeze({
  [fgsm.type]: fgsm,
  [pgd.type]: pgd,
  [gaussianNoise.type]: gaussianNoise,
});

/** Attack types in registry order. */
export const attackTypes: string[] = Object.keys(attackRegistry);

/** Looks up an attack definition; `undefined` for unknown types (validation reports those). */
export function findAttack(type: string): AttackDefinition | undefined {
  return Object.hasOwn(attackRegistry, type) ? attackRegistry[type] : undefined;
}
