/**
 * APGD-T — targeted Auto-PGD over the top-k classes, AutoAttack's second attack.
 * Croce & Hein 2020, "Reliable evaluation of adversarial robustness with an ensemble of diverse
 * parameter-free attacks", https://arxiv.org/abs/2003.01690; follows AutoAttack's
 * `APGDAttack_targeted` in `autoattack/autopgd_base.py`.
 *
 * Threat model: white-box, ‖δ‖ ≤ ε in L∞ or L2, inputs kept in the box; untargeted in effect.
 * For k = 1 … `targetClasses`, the target is the class with the (k+1)-th largest clean logit, and
 * APGD ascends the targeted DLR loss (z_t − z_y) / (z_π1 − (z_π3 + z_π4)/2) towards it on the
 * samples not yet broken. A sample counts as broken by any misclassification, not only by
 * reaching the target (the target only steers the search), exactly as in AutoAttack.
 *
 * Defaults from AutoAttack's standard version: 9 target classes (capped at classes − 1),
 * 100 steps, 1 restart per target, ρ = 0.75, momentum 0.75. The targeted DLR needs ≥ 4 classes;
 * with fewer it falls back to the targeted margin, with a warning.
 */
import * as tf from '@tensorflow/tfjs';
import { runApgd } from './core/apgd-loop.js';
import { BestSoFar } from './core/best-so-far.js';
import { defineAttack } from './core/define-attack.js';
import { warnIfDlrUndefined } from './core/dlr-loss.js';
import { eotParam } from './core/eot.js';
import { brokenRows, subContext } from './core/sub-context.js';
import type { AttackContext } from './types.js';
import { tidyValues } from '../src/tensor/tidy-values.js';

/** Classes per row ordered by clean logit, largest first (ties by index). */
export function classesByLogit(context: AttackContext): number[][] {
  const logits = tidyValues(() => context.classifier.logits(context.x).arraySync());
  return logits.map((row) => row.map((_, k) => k).sort((a, b) => row[b]! - row[a]! || a - b));
}

/**
 * Runs `attack` once per target round on the rows still unbroken, the round's target being the
 * class ranked `round + 1` by clean logit (skipping the label); keeps each row's first success.
 * Shared by APGD-T and FAB-T.
 */
export function overTargets(context: AttackContext, rounds: number, name: string, attack: (sub: AttackContext) => tf.Tensor): tf.Tensor {
  const ranked = classesByLogit(context);
  const labels = context.labels.dataSync();
  const state = new BestSoFar(context.x);
  const count = Math.min(rounds, context.classifier.numClasses - 1);
  for (let round = 0; round < count && !state.done; round++) {
    const rows = [...state.active];
    const targets = rows.map((row) => ranked[row]!.filter((k) => k !== labels[row])[round]!);
    const targetTensor = tf.tensor1d(targets, 'int32');
    const { context: sub, dispose } = subContext(context, rows, `${name}/target-${round + 1}`, { targets: targetTensor });
    const found = attack(sub);
    const projected = sub.project(found);
    state.record(projected, brokenRows(sub, projected));
    if (round === count - 1) state.keepLast(projected);
    tf.dispose([found, projected, targetTensor]);
    dispose();
    state.compact();
  }
  return state.result();
}

export const apgdT = defineAttack({
  type: 'apgd-t',
  kind: 'gradient',
  summary: 'APGD-T (AutoAttack): targeted-DLR Auto-PGD towards each of the top-k other classes in turn',
  reference: 'Croce & Hein 2020, https://arxiv.org/abs/2003.01690 (AutoAttack autopgd_base.py, APGDAttack_targeted)',
  norms: ['linf', 'l2'],
  budget: 'epsilons',
  params: {
    targetClasses: { type: 'integer', minimum: 1, maximum: 1000, default: 9, description: 'target classes tried in turn: the classes with the highest clean logits besides the label (capped at classes − 1)' },
    steps: { type: 'integer', minimum: 1, maximum: 10000, default: 100, description: 'iterations per target and restart' },
    restarts: { type: 'integer', minimum: 1, maximum: 100, default: 1, description: 'random restarts per target class' },
    rho: { type: 'number', minimum: 0, maximum: 1, default: 0.75, description: 'checkpoint test: halve the step when at most this fraction of steps raised the loss' },
    momentum: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.75, description: 'weight of the new step against the previous move (1 = no momentum)' },
    eotIterations: eotParam,
  },
  propose(context) {
    const { params } = context;
    if (context.budget === 0 || params.steps === 0) return context.x.clone();
    return overTargets(context, params.targetClasses, 'apgd-t', (sub) => {
      warnIfDlrUndefined(sub, 'dlr');
      return runApgd(sub, {
        steps: params.steps, restarts: params.restarts, loss: 'dlr',
        rho: params.rho, momentum: params.momentum,
        misclassificationSucceeds: true, eotIterations: params.eotIterations,
      });
    });
  },
});
