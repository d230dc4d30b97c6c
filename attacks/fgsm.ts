/**
 * FGSM / FGM — Fast Gradient (Sign) Method.
 * Goodfellow, Shlens, Szegedy 2015, "Explaining and Harnessing Adversarial Examples",
 * https://arxiv.org/abs/1412.6572 (L∞ sign step); FGM for L2/L1 as in Foolbox 3.
 *
 * Threat model: white-box, untargeted, one gradient step of size ε from the clean input:
 * x' = x + ε · normalize(∇ₓ loss). As in Foolbox, FGSM is PGD with one step, step size ε and no
 * random start, so it shares the iterative core and its best-so-far rule (a sample is broken when
 * the clean input or the single step is misclassified).
 */
import { runIterative } from './core/iterative.js';
import { lossNames, type LossName } from './core/loss.js';
import { targetParam } from './core/target-param.js';
import type { AttackDefinition } from './types.js';

export const fgsm: AttackDefinition = {
  type: 'fgsm',
  kind: 'gradient',
  summary: 'Fast Gradient Sign Method (FGM for L2/L1): one gradient step of size ε',
  reference: 'Goodfellow et al. 2015, https://arxiv.org/abs/1412.6572',
  norms: ['linf', 'l2', 'l1'],
  budget: 'epsilons',
  params: {
    loss: { type: 'string', enum: lossNames, default: 'ce', description: 'loss to ascend: ce (cross-entropy) or margin (C&W)' },
    target: targetParam,
  },
  propose(context) {
    return runIterative(context, {
      steps: 1,
      stepSize: context.budget,
      randomStart: false,
      restarts: 1,
      loss: context.params.loss as LossName,
    });
  },
};
