/**
 * FGSM / FGM — Fast Gradient (Sign) Method.
 * Goodfellow, Shlens, Szegedy 2015, "Explaining and Harnessing Adversarial Examples",
 * https://arxiv.org/abs/1412.6572 (L∞ sign step); FGM for L2/L1 as in Foolbox 3.
 *
 * Threat model: white-box, one gradient step of size ε from the clean input:
 * x' = Π(x + ε · normalize(∇ₓ loss)), untargeted or towards a `target`. As in Foolbox, FGSM is
 * PGD with one step, step size ε and no random start: a sample the clean input already fools
 * stays as it is. The step direction does not depend on ε, so it is computed once per sample
 * and reused for every ε of the suite (`context.memo`), which also makes the ε curve one ray.
 *
 * Parameters: `loss` (default `ce`), `target` (untargeted when absent).
 */
import * as tf from '@tensorflow/tfjs';
import { normalizeGradient } from '../src/tensor/norms.js';
import { perSampleMask } from '../src/tensor/rows.js';
import { defineAttack } from './core/define-attack.js';
import { warnIfDlrUndefined } from './core/dlr-loss.js';
import { usableGradient } from './core/gradient-health.js';
import { attackSucceeded, logitsAndGradient, lossDescription, lossNames, type LossName } from './core/loss.js';
import { memoize } from './core/memo.js';
import { targetParam } from './core/target-param.js';
import type { AttackContext } from './types.js';

/** Unit step direction per sample in the attack norm; zero where the clean input already succeeds. */
function stepDirection(context: AttackContext, loss: LossName): tf.Tensor {
  const { x, labels, targets } = context;
  const { logits, gradient } = logitsAndGradient(context.classifier, x, labels, loss, targets);
  return tf.tidy(() => {
    const done = perSampleMask(attackSucceeded(logits, labels, targets), x);
    const direction = normalizeGradient(usableGradient(context, gradient, true), context.norm);
    tf.dispose([logits, gradient]);
    return tf.where(done, tf.zerosLike(direction), direction);
  });
}

export const fgsm = defineAttack({
  type: 'fgsm',
  kind: 'gradient',
  summary: 'Fast Gradient Sign Method (FGM for L2/L1): one gradient step of size ε',
  reference: 'Goodfellow et al. 2015, https://arxiv.org/abs/1412.6572',
  norms: ['linf', 'l2', 'l1'],
  budget: 'epsilons',
  singleStep: true,
  params: {
    loss: { type: 'string', enum: lossNames, default: 'ce', description: lossDescription },
    target: targetParam,
  },
  propose(context) {
    if (context.budget === 0) return context.x.clone();
    warnIfDlrUndefined(context, context.params.loss);
    return tf.tidy(() => {
      const direction = memoize(context, 'fgsm/direction', () => stepDirection(context, context.params.loss));
      return context.project(context.x.add(direction.mul(context.budget)));
    });
  },
});
