/**
 * BIM — Basic Iterative Method (iterative FGSM, "I-FGSM").
 * Kurakin, Goodfellow, Bengio 2017, "Adversarial examples in the physical world",
 * https://arxiv.org/abs/1607.02533.
 *
 * Threat model: white-box, ‖δ‖ ≤ ε in the chosen norm, inputs kept in the box; untargeted or
 * towards a `target`. PGD without the random start: x_{t+1} = Π(x_t + α · normalize(∇ₓ loss))
 * from x_0 = x, with the shared iterative core (best iterate per sample, broken samples leave
 * the batch).
 *
 * Defaults (Foolbox 3's `LinfBasicIterativeAttack`): 10 steps of α = 0.2·ε, so the walk can
 * reach the ball's surface in 5 steps and then slide along it. `stepSize` (absolute, input
 * units) overrides `relativeStepSize`.
 */
import { defineAttack } from './core/define-attack.js';
import { runIterative } from './core/iterative.js';
import { lossDescription, lossNames } from './core/loss.js';
import { targetParam } from './core/target-param.js';

export const bim = defineAttack({
  type: 'bim',
  kind: 'gradient',
  summary: 'Basic Iterative Method: PGD from the clean input (no random start)',
  reference: 'Kurakin et al. 2017, https://arxiv.org/abs/1607.02533',
  norms: ['linf', 'l2', 'l1'],
  budget: 'epsilons',
  params: {
    steps: { type: 'integer', minimum: 1, maximum: 10000, default: 10, description: 'gradient steps' },
    stepSize: { type: 'number', exclusiveMinimum: 0, maximum: 1e6, description: 'absolute step size in input units (overrides relativeStepSize)' },
    relativeStepSize: { type: 'number', exclusiveMinimum: 0, maximum: 10, default: 0.2, description: 'step size as a fraction of ε' },
    loss: { type: 'string', enum: lossNames, default: 'ce', description: lossDescription },
    target: targetParam,
  },
  propose(context) {
    const { params, budget: epsilon } = context;
    return runIterative(context, {
      steps: params.steps,
      stepSize: params.stepSize ?? params.relativeStepSize * epsilon,
      randomStart: false,
      restarts: 1,
      loss: params.loss,
    });
  },
});
