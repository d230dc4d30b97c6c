/**
 * PGD — Projected Gradient Descent (ascent on the loss) with random start and restarts.
 * Madry et al. 2018, "Towards Deep Learning Models Resistant to Adversarial Attacks",
 * https://arxiv.org/abs/1706.06083.
 *
 * Threat model: white-box, untargeted, ‖δ‖ ≤ ε in the chosen norm, inputs kept in the box.
 * Defaults: 40 steps (Foolbox LinfPGD), step size 2.5·ε/steps (Madry et al.'s rule of thumb, so
 * the walk can cross the ball), random start on, one restart. `stepSize` (absolute, input units)
 * overrides `relativeStepSize` (fraction of ε). Restarts keep the best result per sample.
 */
import { defineAttack } from './core/define-attack.js';
import { runIterative } from './core/iterative.js';
import { lossDescription, lossNames } from './core/loss.js';
import { targetParam } from './core/target-param.js';

export const pgd = defineAttack({
  type: 'pgd',
  kind: 'gradient',
  summary: 'Projected Gradient Descent with random start and restarts (best iterate per sample)',
  reference: 'Madry et al. 2018, https://arxiv.org/abs/1706.06083',
  norms: ['linf', 'l2', 'l1'],
  budget: 'epsilons',
  params: {
    steps: { type: 'integer', minimum: 1, maximum: 10000, default: 40, description: 'gradient steps per restart' },
    stepSize: { type: 'number', exclusiveMinimum: 0, maximum: 1e6, description: 'absolute step size in input units (overrides relativeStepSize)' },
    relativeStepSize: { type: 'number', exclusiveMinimum: 0, maximum: 10, description: 'step size as a fraction of ε (default 2.5/steps)' },
    randomStart: { type: 'boolean', default: true, description: 'start from a seeded random point in the ε-ball' },
    restarts: { type: 'integer', minimum: 1, maximum: 100, default: 1, description: 'independent runs; the best per sample is kept' },
    loss: { type: 'string', enum: lossNames, default: 'ce', description: lossDescription },
    target: targetParam,
  },
  propose(context) {
    const { params, budget: epsilon } = context;
    const relative = params.relativeStepSize ?? 2.5 / Math.max(1, params.steps);
    return runIterative(context, {
      steps: params.steps,
      stepSize: params.stepSize ?? relative * epsilon,
      randomStart: params.randomStart,
      restarts: params.restarts,
      loss: params.loss,
    });
  },
});
