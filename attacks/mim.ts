/**
 * MIM — Momentum Iterative Method (MI-FGSM).
 * Dong et al. 2018, "Boosting Adversarial Attacks with Momentum", https://arxiv.org/abs/1710.06081.
 *
 * Threat model: white-box, ‖δ‖ ≤ ε in the chosen norm, inputs kept in the box; untargeted or
 * towards a `target`. From x_0 = x, accumulate the L1-normalised gradient with decay μ and step
 * along the accumulated direction:
 *   g_{t+1} = μ · g_t + ∇ₓ loss(x_t) / ‖∇ₓ loss(x_t)‖₁,   x_{t+1} = Π(x_t + α · normalize(g_{t+1}))
 * (normalize = sign for L∞, g/‖g‖₂ for L2, Foolbox's sparse step for L1). Momentum stabilises the
 * direction through flat or noisy loss regions. Shared iterative core: best iterate per sample,
 * broken samples leave the batch.
 *
 * Defaults from the paper (and torchattacks' `MIFGSM`): 10 steps, μ = 1.0, α = ε/steps (so the
 * walk can just reach the surface). `stepSize` (absolute) overrides `relativeStepSize`.
 */
import { defineAttack } from './core/define-attack.js';
import { runIterative } from './core/iterative.js';
import { lossDescription, lossNames } from './core/loss.js';
import { targetParam } from './core/target-param.js';

export const mim = defineAttack({
  type: 'mim',
  kind: 'gradient',
  summary: 'Momentum Iterative Method: iterative steps along an accumulated, L1-normalised gradient',
  reference: 'Dong et al. 2018, https://arxiv.org/abs/1710.06081',
  norms: ['linf', 'l2', 'l1'],
  budget: 'epsilons',
  params: {
    steps: { type: 'integer', minimum: 1, maximum: 10000, default: 10, description: 'gradient steps' },
    decay: { type: 'number', minimum: 0, maximum: 10, default: 1, description: 'momentum decay μ (0 = BIM with step ε/steps)' },
    stepSize: { type: 'number', exclusiveMinimum: 0, maximum: 1e6, description: 'absolute step size in input units (overrides relativeStepSize)' },
    relativeStepSize: { type: 'number', exclusiveMinimum: 0, maximum: 10, description: 'step size as a fraction of ε (default 1/steps)' },
    loss: { type: 'string', enum: lossNames, default: 'ce', description: lossDescription },
    target: targetParam,
  },
  propose(context) {
    const { params, budget: epsilon } = context;
    const relative = params.relativeStepSize ?? 1 / Math.max(1, params.steps);
    return runIterative(context, {
      steps: params.steps,
      stepSize: params.stepSize ?? relative * epsilon,
      randomStart: false,
      restarts: 1,
      loss: params.loss,
      momentum: params.decay,
    });
  },
});
