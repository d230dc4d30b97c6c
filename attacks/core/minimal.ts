import * as tf from '@tensorflow/tfjs';
import { distance } from '../../src/tensor/norms.js';
import { perSampleMask } from '../../src/tensor/rows.js';
import type { AttackContext } from '../types.js';

/**
 * The proposal of a minimisation attack at budget ε: each sample's minimal adversarial where its
 * perturbation is within ε (in the attack norm), the clean input otherwise. So robust accuracy at
 * ε is exactly the share of samples whose minimal perturbation exceeds ε (the runner still
 * projects and re-verifies). ε = 0 returns the input unchanged.
 */
export function withinBudget(context: AttackContext, adversarial: tf.Tensor): tf.Tensor {
  const { x, budget: epsilon, norm } = context;
  if (epsilon === 0) return x.clone();
  return tf.tidy(() => {
    const inside = distance(adversarial.sub(x), norm).lessEqual(epsilon);
    return tf.where(perSampleMask(inside, x), adversarial, x);
  });
}
