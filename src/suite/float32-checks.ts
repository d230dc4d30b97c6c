/**
 * Checks that a suite's numbers survive the trip into float32, the precision every model computes
 * in. A budget that rounds to zero, or an input box whose ends round to the same float32, cannot
 * be evaluated: the attack would run on a different problem than the one declared.
 */
import type { Finding } from './schema-messages.js';
import type { AttackRegistry } from './schema.js';

/** Smallest positive normal float32 (2⁻¹²⁶ ≈ 1.18e-38): below it float32 loses precision and then rounds to 0. */
export const float32MinNormal = 2 ** -126;

/** Largest finite float32 (≈ 3.4e38). */
export const float32Max = 3.4028234663852886e38;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isEntry = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Problems with `model.inputRange` in float32: an end past float32's range, or both ends rounding together. */
function checkRange(suite: Record<string, unknown>): Finding[] {
  const range = isEntry(suite.model) ? suite.model.inputRange : undefined;
  if (!Array.isArray(range) || !isNumber(range[0]) || !isNumber(range[1]) || range[0] >= range[1]) return [];
  const [low, high] = range;
  if (Math.abs(low) > float32Max || Math.abs(high) > float32Max) {
    return [{ pointer: '/model/inputRange', message: `'inputRange' [${low}, ${high}] does not fit float32 (largest magnitude ${float32Max.toPrecision(3)}); models compute in float32 — use the range the model's inputs really have` }];
  }
  if (Math.fround(low) >= Math.fround(high)) {
    return [{ pointer: '/model/inputRange', message: `'inputRange' [${low}, ${high}] collapses in float32 (both ends round to ${Math.fround(low)}), so no input could change — widen it to the range the model's inputs really have` }];
  }
  return [];
}

/** Problems with ε values float32 cannot hold (non-zero but below the smallest normal float32). */
function checkEpsilons(suite: Record<string, unknown>, registry: AttackRegistry): Finding[] {
  if (!Array.isArray(suite.attacks)) return [];
  const findings: Finding[] = [];
  suite.attacks.forEach((attack: unknown, index) => {
    if (!isEntry(attack) || typeof attack.type !== 'string' || !Object.hasOwn(registry, attack.type)) return;
    if (registry[attack.type]!.budget !== 'epsilons' || !Array.isArray(attack.epsilons)) return;
    attack.epsilons.forEach((epsilon: unknown, position) => {
      if (isNumber(epsilon) && epsilon > 0 && epsilon < float32MinNormal) {
        findings.push({
          pointer: `/attacks/${index}/epsilons/${position}`,
          message: `ε ${epsilon} is below float32 resolution (smallest normal ${float32MinNormal.toPrecision(3)}): the model computes in float32, where this budget is 0 or imprecise — use 0 for the clean input, or ε ≥ ${float32MinNormal.toPrecision(3)}`,
        });
      }
    });
  });
  return findings;
}

/**
 * Float32 checks of a suite document (which may also have schema errors; shapes are guarded).
 *
 * @param value - the parsed suite object
 * @param registry - attack definitions by type (to know which attacks take ε budgets)
 */
export function checkFloat32Budgets(value: Record<string, unknown>, registry: AttackRegistry): Finding[] {
  return [...checkRange(value), ...checkEpsilons(value, registry)];
}
