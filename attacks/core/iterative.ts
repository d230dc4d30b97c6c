import * as tf from '@tensorflow/tfjs';
import { normalizeGradient, randomPointInBall } from '../../src/tensor/norms.js';
import type { AttackContext } from '../types.js';
import { attackSucceeded, logitsAndGradient, type LossName } from './loss.js';

/** Settings of one run of the shared iterative loop (Foolbox's gradient-descent base, Madry's PGD). */
export interface IterativeSettings {
  steps: number;
  /** Absolute step size in input units of the attack's norm. */
  stepSize: number;
  randomStart: boolean;
  restarts: number;
  loss: LossName;
}

/** Reshapes a per-sample `[n]` mask for broadcasting over a batch shaped like `x`. */
function broadcastMask(mask: tf.Tensor1D, like: tf.Tensor): tf.Tensor {
  return mask.reshape([mask.shape[0], ...like.shape.slice(1).map(() => 1)]).tile([1, ...like.shape.slice(1)]);
}

/**
 * Projected gradient ascent on the attack loss with per-sample best-so-far tracking. Every iterate
 * is a feasible point (projected), and a sample counts as broken as soon as any iterate is
 * misclassified (or, for a targeted attack, classified as its target): that iterate is kept and
 * the sample no longer changes (AutoAttack's rule). Samples
 * that are never broken return their last iterate. Restarts begin from fresh seeded random points
 * and only replace samples no earlier restart broke.
 */
export function runIterative(context: AttackContext, settings: IterativeSettings): tf.Tensor {
  const { x, labels, norm, budget: epsilon } = context;
  const forward = (input: tf.Tensor) => context.classifier.logits(input);
  let best = tf.keep(x.clone());
  let found = tf.keep(tf.zeros([x.shape[0]!], 'bool') as tf.Tensor1D);
  if (epsilon === 0 || settings.steps === 0) {
    found.dispose();
    return best;
  }
  const record = (candidate: tf.Tensor, logits: tf.Tensor2D) => {
    const broken = tf.tidy(() => attackSucceeded(logits, labels, context.targets).logicalAnd(found.logicalNot()) as tf.Tensor1D);
    const nextBest = tf.tidy(() => tf.where(broadcastMask(broken, x), candidate, best));
    const nextFound = tf.tidy(() => found.logicalOr(broken) as tf.Tensor1D);
    best.dispose();
    found.dispose();
    broken.dispose();
    best = tf.keep(nextBest);
    found = tf.keep(nextFound);
  };
  const allFound = () => found.all().dataSync()[0] === 1;
  for (let restart = 0; restart < settings.restarts && !allFound(); restart++) {
    let current = tf.tidy(() => {
      if (!settings.randomStart) return x.clone();
      const draws = context.draws(`start/${restart}`, norm === 'linf' ? 'uniform' : 'normal');
      const raw = norm === 'linf' ? draws.mul(2).sub(1) : draws;
      const radii = norm === 'linf' ? tf.zeros([x.shape[0]!]) : context.draws(`radius/${restart}`, 'uniform').reshape([x.shape[0]!, -1]).slice([0, 0], [-1, 1]);
      return context.project(x.add(randomPointInBall(raw, radii, epsilon, norm)));
    });
    for (let step = 0; step <= settings.steps; step++) {
      if (step === settings.steps) {
        // The last iterate only needs a prediction, not another gradient.
        const logits = tf.tidy(() => forward(current));
        record(current, logits);
        logits.dispose();
        break;
      }
      const { logits, gradient } = logitsAndGradient(forward, current, labels, settings.loss, context.targets);
      record(current, logits);
      logits.dispose();
      if (allFound()) {
        gradient.dispose();
        break;
      }
      const next = tf.tidy(() => context.project(current.add(normalizeGradient(gradient, norm).mul(settings.stepSize))));
      gradient.dispose();
      current.dispose();
      current = next;
    }
    // Unbroken samples report their last iterate of the last restart.
    const merged = tf.tidy(() => tf.where(broadcastMask(found, x), best, current));
    best.dispose();
    best = tf.keep(merged);
    current.dispose();
  }
  found.dispose();
  return best;
}
