/**
 * APGD — Auto-PGD, the step-size-free PGD of AutoAttack.
 * Croce & Hein 2020, "Reliable evaluation of adversarial robustness with an ensemble of diverse
 * parameter-free attacks", https://arxiv.org/abs/2003.01690; follows AutoAttack's
 * `autoattack/autopgd_base.py` (APGD-CE, APGD-DLR, and APGD-T with the targeted DLR loss).
 *
 * Threat model: white-box, ‖δ‖ ≤ ε in L∞ or L2, inputs kept in the box; untargeted or towards a
 * `target`. Starts from a seeded random point on the ε-sphere, steps with per-sample step sizes
 * that start at 2ε and are halved at checkpoints (after 22 %, 41 %, 57 %, … of the steps) when
 * fewer than ρ of the last steps increased the loss or the best loss stalled, then continues from
 * the highest-loss point; each step mixes the new projected step with the previous move (momentum
 * 0.75). Best iterate per sample; broken samples leave the batch.
 *
 * Defaults from AutoAttack: 100 steps, 1 restart, ρ = 0.75, momentum 0.75, loss `ce` (`dlr` is
 * AutoAttack's second attack; it needs ≥ 3 classes, ≥ 4 when targeted, and falls back to the
 * margin loss otherwise, with a warning).
 */
import { runApgd } from './core/apgd-loop.js';
import { defineAttack } from './core/define-attack.js';
import { warnIfDlrUndefined } from './core/dlr-loss.js';
import { eotParam } from './core/eot.js';
import { lossDescription, lossNames } from './core/loss.js';
import { targetParam } from './core/target-param.js';

export const apgd = defineAttack({
  type: 'apgd',
  kind: 'gradient',
  summary: 'Auto-PGD (AutoAttack): adaptive step size with checkpoints, momentum, ce or dlr loss',
  reference: 'Croce & Hein 2020, https://arxiv.org/abs/2003.01690 (AutoAttack autopgd_base.py)',
  norms: ['linf', 'l2'],
  budget: 'epsilons',
  params: {
    steps: { type: 'integer', minimum: 1, maximum: 10000, default: 100, description: 'iterations per restart (one gradient each, plus one at the start)' },
    restarts: { type: 'integer', minimum: 1, maximum: 100, default: 1, description: 'random restarts; only samples still unbroken are re-attacked' },
    loss: { type: 'string', enum: lossNames, default: 'ce', description: lossDescription },
    rho: { type: 'number', minimum: 0, maximum: 1, default: 0.75, description: 'checkpoint test: halve the step when at most this fraction of steps raised the loss' },
    momentum: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.75, description: 'weight of the new step against the previous move (1 = no momentum)' },
    target: targetParam,
    eotIterations: eotParam,
  },
  propose(context) {
    const { params } = context;
    warnIfDlrUndefined(context, params.loss);
    return runApgd(context, {
      steps: params.steps,
      restarts: params.restarts,
      loss: params.loss,
      rho: params.rho,
      momentum: params.momentum,
      eotIterations: params.eotIterations,
    });
  },
});
