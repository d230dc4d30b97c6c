import * as tf from '@tensorflow/tfjs';
import { distance, normalizeGradient, randomStartDelta, tiny } from '../../src/tensor/norms.js';
import { perSample } from '../../src/tensor/rows.js';
import type { AttackContext } from '../types.js';
import { BestSoFar, gatherRows } from './best-so-far.js';
import { warnIfDlrUndefined } from './dlr-loss.js';
import { usableGradient } from './gradient-health.js';
import { attackSucceeded, logitsAndGradient, type LossName } from './loss.js';
import { viewRows, type RowView } from './row-view.js';
import { tidyValues } from '../../src/tensor/tidy-values.js';

/** Settings of one run of the shared iterative loop (Foolbox's gradient-descent base, Madry's PGD). */
export interface IterativeSettings {
  steps: number;
  /** Absolute step size in input units of the attack's norm. */
  stepSize: number;
  randomStart: boolean;
  restarts: number;
  loss: LossName;
  /**
   * Momentum decay μ (MIM, Dong et al. 2018): steps follow g ← μ·g + ∇/‖∇‖₁ instead of ∇. The
   * accumulated g starts at 0 in every restart. Absent: plain projected gradient steps.
   */
  momentum?: number;
}

/** A seeded random start inside the ε-ball (uniform in the L∞ cube, uniform in the L2 ball). */
function randomStart(context: AttackContext, view: RowView, restart: number): tf.Tensor {
  return tf.tidy(() => {
    const delta = randomStartDelta((purpose, kind) => view.draws(`${purpose}/${restart}`, kind), context.budget, context.norm);
    return view.project(view.x.add(delta));
  });
}

/** Accumulates momentum: μ·g + ∇/‖∇‖₁ per sample (a zero gradient adds nothing). */
function accumulate(velocity: tf.Tensor | undefined, gradient: tf.Tensor, decay: number): tf.Tensor {
  return tf.tidy(() => {
    const scaled = gradient.div(perSample(distance(gradient, 'l1').maximum(tiny), gradient));
    return velocity ? velocity.mul(decay).add(scaled) : scaled;
  });
}

/**
 * Projected gradient ascent on the attack loss with per-sample best-so-far tracking. Every iterate
 * is a feasible point (projected), and a sample counts as broken as soon as any iterate is
 * misclassified (or, for a targeted attack, classified as its target): that iterate is kept, the
 * sample leaves the batch and no longer changes (AutoAttack's rule). Samples never broken return
 * their last iterate. Restarts begin from fresh seeded random points and only run the samples no
 * earlier restart broke. Zero or NaN input gradients are reported through `context.warn`.
 */
export function runIterative(context: AttackContext, settings: IterativeSettings): tf.Tensor {
  const { norm, budget: epsilon } = context;
  if (epsilon === 0 || settings.steps === 0) return context.x.clone();
  warnIfDlrUndefined(context, settings.loss);
  const forward = (input: tf.Tensor) => context.classifier.logits(input);
  const state = new BestSoFar(context.x);
  for (let restart = 0; restart < settings.restarts && !state.done; restart++) {
    let view = viewRows(context, state.active);
    let current = settings.randomStart ? randomStart(context, view, restart) : view.x.clone();
    let velocity: tf.Tensor | undefined;
    for (let step = 0; step <= settings.steps; step++) {
      if (step === settings.steps) {
        // The last iterate only needs a prediction, not another gradient.
        const success = tidyValues(() => attackSucceeded(forward(current), view.labels, view.targets).dataSync());
        state.record(current, success);
        break;
      }
      const { logits, gradient: raw } = logitsAndGradient(context.classifier, current, view.labels, settings.loss, view.targets);
      const success = tidyValues(() => attackSucceeded(logits, view.labels, view.targets).dataSync());
      logits.dispose();
      const broke = state.record(current, success);
      if (state.done) {
        raw.dispose();
        break;
      }
      const gradient = usableGradient(context, raw, restart === 0 && step === 0);
      raw.dispose();
      const nextVelocity = settings.momentum === undefined ? undefined : accumulate(velocity, gradient, settings.momentum);
      const next = tf.tidy(() => view.project(current.add(normalizeGradient(nextVelocity ?? gradient, norm).mul(settings.stepSize))));
      tf.dispose([gradient, current, ...(velocity ? [velocity] : [])]);
      current = next;
      velocity = nextVelocity;
      const kept = broke > 0 ? state.compact() : undefined;
      if (kept) {
        const previous = [current, ...(velocity ? [velocity] : [])];
        current = gatherRows(current, kept);
        velocity = velocity ? gatherRows(velocity, kept) : undefined;
        tf.dispose(previous);
        view.dispose();
        view = viewRows(context, state.active);
      }
    }
    state.keepLast(current);
    tf.dispose([current, ...(velocity ? [velocity] : [])]);
    view.dispose();
    state.compact();
  }
  return state.result();
}
