/**
 * FAB — Fast Adaptive Boundary attack, minimum-norm, and FAB-T (its targeted form in AutoAttack).
 * Croce & Hein 2020, "Minimally distorted adversarial examples with a fast adaptive boundary
 * attack", https://arxiv.org/abs/1907.02044; follows AutoAttack's `autoattack/fab_base.py`.
 *
 * Threat model: white-box, minimal ‖δ‖ in L∞ or L2, inputs kept in the box. Each step linearises
 * the decision boundary at the current point, projects the current and the clean point onto it
 * (exact box-constrained projection), and moves to a combination biased towards the clean point;
 * after a success it steps back towards the clean point (β), so the adversarial shrinks. Only an
 * adversarial within ε counts at budget ε (the runner checks it); a sample stops being attacked
 * once it has one.
 *
 * `targeted: true` (default, FAB-T as in AutoAttack's standard version): the boundary of the class
 * with the (k+1)-th largest clean logit, k = 1 … `targetClasses`, one round per class on the
 * samples not yet broken; one gradient per step. `targeted: false`: the nearest boundary over all
 * classes (one gradient per class and step: much slower with many classes).
 *
 * Defaults from AutoAttack: 100 steps, 1 restart (FAB-T; untargeted FAB uses 5 in the `plus`
 * version), 9 target classes, α_max 0.1, η 1.05, β 0.9.
 */
import type * as tf from '@tensorflow/tfjs';
import { overTargets } from './apgd-t.js';
import { defineAttack, type ParamSpecs, type TypedContext } from './core/define-attack.js';
import { runFab, type FabSettings } from './core/fab-loop.js';

/** FAB's parameters, with AutoAttack's defaults. */
const fabParams = {
  targeted: { type: 'boolean', default: true, description: 'FAB-T: aim at each of the top-k other classes in turn (one gradient per step); false = nearest boundary over all classes' },
  targetClasses: { type: 'integer', minimum: 1, maximum: 1000, default: 9, description: 'FAB-T: target classes tried in turn, highest clean logits first (capped at classes − 1)' },
  steps: { type: 'integer', minimum: 1, maximum: 10000, default: 100, description: 'iterations per restart (and per target class)' },
  restarts: { type: 'integer', minimum: 1, maximum: 100, default: 1, description: 'restarts; after the first, from a random point at half the best distance found (at most ε/2)' },
  alphaMax: { type: 'number', minimum: 0, maximum: 1, default: 0.1, description: 'largest weight of the step taken from the clean point' },
  eta: { type: 'number', minimum: 1, maximum: 10, default: 1.05, description: 'overshoot of the projection onto the linearised boundary' },
  beta: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.9, description: 'backward step towards the clean point after a success' },
} as const satisfies ParamSpecs;

/** FAB's settings from the attack parameters (AutoAttack's defaults). */
function fabSettings(context: TypedContext<typeof fabParams>): FabSettings {
  const { params } = context;
  return {
    steps: params.steps, restarts: params.restarts,
    alphaMax: params.alphaMax, eta: params.eta, beta: params.beta,
    stopAt: context.budget,
  };
}

/** FAB-T or FAB on the context's batch, as `fab` with the context's parameters would run it. */
export function runFabAttack(context: TypedContext<typeof fabParams>): tf.Tensor {
  if (context.budget === 0 || context.params.steps === 0) return context.x.clone();
  const settings = fabSettings(context);
  if (context.params.targeted === false) {
    const { adversarial } = runFab(context, settings);
    return adversarial;
  }
  return overTargets(context, context.params.targetClasses, 'fab-t', (sub) => runFab(sub, settings).adversarial);
}

export const fab = defineAttack({
  type: 'fab',
  kind: 'gradient',
  summary: 'FAB: minimum-norm boundary attack by projections onto the linearised boundary (FAB-T targeted by default)',
  reference: 'Croce & Hein 2020, https://arxiv.org/abs/1907.02044 (AutoAttack fab_base.py)',
  norms: ['linf', 'l2'],
  budget: 'epsilons',
  params: fabParams,
  propose(context) {
    const adversarial = runFabAttack(context);
    const projected = context.project(adversarial);
    if (projected !== adversarial) adversarial.dispose();
    return projected;
  },
});
