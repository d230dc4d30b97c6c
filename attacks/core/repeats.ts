import * as tf from '@tensorflow/tfjs';
import { perSampleMask } from '../../src/tensor/rows.js';
import type { AttackContext, ParamSpec } from '../types.js';
import { attackSucceeded } from './loss.js';

/** The `repeats` parameter of stochastic perturbations (noise, random geometric corruptions). */
export const repeatsParam = {
  type: 'integer',
  minimum: 1,
  maximum: 1000,
  default: 1,
  description: 'random draws per sample; the first that breaks it is kept (worst case)',
} as const satisfies ParamSpec;

/**
 * Worst case over several seeded random draws per sample (Foolbox's `repeats` for noise attacks).
 * `draw(repeat)` proposes a candidate batch for draw number `repeat` (0-based; it should key its
 * random streams by it). Each candidate goes through the runner's projection; a sample keeps the
 * first candidate on which the attack succeeds (misclassified, or its target when targeted) and
 * is not redrawn, otherwise it keeps the last draw. One repeat needs no extra forward pass.
 *
 * @param context - the attack context (classifier, labels, projection)
 * @param repeats - number of draws per sample, integer ≥ 1
 * @param draw - builds the candidate of one draw, shaped like `context.x`
 * @returns the chosen candidates, shaped like `context.x` (the caller owns it)
 */
export function keepFirstSuccess(context: AttackContext, repeats: number, draw: (repeat: number) => tf.Tensor): tf.Tensor {
  const { x, labels } = context;
  if (repeats <= 1) return tf.tidy(() => context.project(draw(0)));
  let result = tf.keep(x.clone());
  let found = tf.keep(tf.zeros([x.shape[0]!], 'bool'));
  for (let repeat = 0; repeat < repeats; repeat++) {
    // Every sample is already broken: further draws cannot change anything.
    if (repeat > 0 && tf.tidy(() => found.all().dataSync()[0]) === 1) break;
    const last = repeat === repeats - 1;
    const [nextResult, nextFound] = tf.tidy(() => {
      const candidate = context.project(draw(repeat));
      const logits = context.classifier.logits(candidate);
      const broken = attackSucceeded(logits, labels, context.targets).logicalAnd(found.logicalNot());
      const take = last ? found.logicalNot() : broken;
      return [tf.where(perSampleMask(take, x), candidate, result), found.logicalOr(broken)];
    });
    result.dispose();
    found.dispose();
    result = tf.keep(nextResult!);
    found = tf.keep(nextFound!);
  }
  found.dispose();
  return result;
}
