/**
 * DeepFool — minimal perturbation by iterated linearisation.
 * Moosavi-Dezfooli, Fawzi, Frossard 2016, "DeepFool: a simple and accurate method to fool deep
 * neural networks", https://arxiv.org/abs/1511.04599; loop as in Foolbox 3's `L2DeepFoolAttack`
 * and `LinfDeepFoolAttack`.
 *
 * Threat model: white-box, minimal ‖δ‖ in L2 or L∞. At each step the model is linearised around
 * the current point; for each candidate class k (the `candidates` − 1 classes with the highest
 * clean logits besides the label) f_k = z_k − z_y, and the step goes to the nearest linearised
 * boundary: r = d · ∇f_k/‖∇f_k‖₂ with d = |f_k|/‖∇f_k‖₂ + 1e-4 (L2), or r = d · sign(∇f_k)
 * with d = |f_k|/‖∇f_k‖₁ + 1e-4 (L∞), k the class with the smallest d.
 * Steps accumulate; x' = box(x + (1 + overshoot) · Σr). A sample stops at its first adversarial
 * point. Targeted: the one candidate is the target, f = z_t − max_{j≠t} z_j. The result does not
 * depend on ε: computed once per sample; at each ε it counts only if its norm is within ε.
 *
 * Defaults from Foolbox 3: 50 steps, 10 candidates, overshoot 0.02.
 */
import * as tf from '@tensorflow/tfjs';
import { ascentWithLength, distance, dualOf } from '../src/tensor/norms.js';
import { perSample, perSampleMask } from '../src/tensor/rows.js';
import { BestSoFar, gatherRows } from './core/best-so-far.js';
import { defineAttack, type ParamSpecs, type TypedContext } from './core/define-attack.js';
import { marginOf } from './core/dlr-loss.js';
import { usableGradient } from './core/gradient-health.js';
import { attackSucceeded, inputGradient } from './core/loss.js';
import { memoize } from './core/memo.js';
import { withinBudget } from './core/minimal.js';
import { viewRows, type RowView } from './core/row-view.js';
import { targetParam } from './core/target-param.js';
import type { AttackContext } from './types.js';
import { tidyValues } from '../src/tensor/tidy-values.js';

/** DeepFool's parameters, with Foolbox 3's defaults. */
const deepfoolParams = {
  steps: { type: 'integer', minimum: 1, maximum: 10000, default: 50, description: 'linearisation steps' },
  candidates: { type: 'integer', minimum: 2, maximum: 1000, default: 10, description: 'classes considered: the label and the next highest clean logits' },
  overshoot: { type: 'number', minimum: 0, maximum: 10, default: 0.02, description: 'factor the accumulated step is enlarged by to cross the boundary' },
  target: targetParam,
} as const satisfies ParamSpecs;

type DeepFoolContext = TypedContext<typeof deepfoolParams>;

/** Candidate classes per batch row: the highest clean logits besides the label, best first. */
function candidateClasses(context: DeepFoolContext): number[][] {
  const count = Math.min(context.params.candidates, context.classifier.numClasses) - 1;
  const logits = tidyValues(() => context.classifier.logits(context.x).arraySync());
  const labels = context.labels.arraySync();
  return logits.map((row, i) => row.map((_, k) => k).filter((k) => k !== labels[i]).sort((a, b) => row[b]! - row[a]! || a - b).slice(0, count));
}

/** Step towards the nearest linearised boundary for the rows of `view`, `[rows, ...]`. */
function boundaryStep(context: AttackContext, view: RowView, point: tf.Tensor, classes: number[][], inspect: boolean): tf.Tensor {
  const forward = (input: tf.Tensor) => context.classifier.logits(input);
  const ranks = view.targets ? 1 : Math.max(...classes.map((row) => row.length));
  let bestDistance = tf.fill([view.rows.length], Infinity);
  let bestStep = tf.zerosLike(point);
  for (let rank = 0; rank < ranks; rank++) {
    let value: tf.Tensor1D | undefined;
    const objective = (input: tf.Tensor) => {
      const logits = forward(input);
      const f = view.targets
        ? marginOf(logits, view.targets).neg()
        : logits.mul(tf.oneHot(tf.tensor1d(view.rows.map((row) => classes[row]![rank] ?? classes[row]![0]!), 'int32'), logits.shape[1]).sub(tf.oneHot(view.labels, logits.shape[1]))).sum(1);
      value = tf.keep(f as tf.Tensor1D);
      return f.sum() as tf.Scalar;
    };
    let raw: tf.Tensor;
    try {
      raw = inputGradient(objective, point);
    } catch (error) {
      tf.dispose([bestDistance, bestStep, ...(value ? [value] : [])]);
      throw error;
    }
    const gradient = usableGradient(context, raw, inspect && rank === 0);
    const [nearest, step] = tf.tidy(() => {
      // Distance to the linearised boundary is |f| / ‖∇f‖_* (the dual norm of the attack's).
      const size = distance(gradient, dualOf(context.norm)).add(1e-8);
      const reach = value!.abs().div(size).add(1e-4);
      const direction = ascentWithLength(gradient, context.norm, size);
      const closer = reach.less(bestDistance);
      return [tf.where(closer, reach, bestDistance), tf.where(perSampleMask(closer, point), direction.mul(perSample(reach, point)), bestStep)];
    });
    tf.dispose([raw, gradient, value!, bestDistance, bestStep]);
    bestDistance = nearest as tf.Tensor1D;
    bestStep = step!;
  }
  bestDistance.dispose();
  return bestStep;
}

function runDeepFool(context: DeepFoolContext): tf.Tensor {
  const { steps } = context.params;
  const scale = 1 + context.params.overshoot;
  const classes = context.targets ? [] : candidateClasses(context);
  const state = new BestSoFar(context.x);
  let view = viewRows(context, state.active);
  let current = context.x.clone();
  let total = tf.zerosLike(current);
  for (let step = 0; step <= steps; step++) {
    const success = tidyValues(() => attackSucceeded(context.classifier.logits(current), view.labels, view.targets).dataSync());
    const broke = state.record(current, success);
    if (state.done || step === steps) break;
    const kept = broke > 0 ? state.compact() : undefined;
    if (kept) {
      const stale = [current, total];
      [current, total] = [gatherRows(current, kept), gatherRows(total, kept)];
      tf.dispose(stale);
      view.dispose();
      view = viewRows(context, state.active);
    }
    const move = boundaryStep(context, view, current, classes, step === 0);
    const next = tf.tidy(() => total.add(move));
    tf.dispose([move, total, current]);
    total = next;
    current = tf.tidy(() => view.x.add(total.mul(scale)).clipByValue(context.bounds[0], context.bounds[1]));
  }
  state.keepLast(current);
  tf.dispose([current, total]);
  view.dispose();
  return state.result();
}

/** Each sample's smallest adversarial found, computed once per attack run. */
function minimalAdversarial(context: DeepFoolContext): tf.Tensor {
  return memoize(context, 'deepfool/minimal', () => runDeepFool(context));
}

export const deepfool = defineAttack({
  type: 'deepfool',
  kind: 'gradient',
  summary: 'DeepFool: minimal perturbation by stepping to the nearest linearised decision boundary',
  reference: 'Moosavi-Dezfooli et al. 2016, https://arxiv.org/abs/1511.04599',
  norms: ['l2', 'linf'],
  budget: 'epsilons',
  params: deepfoolParams,
  minimize: minimalAdversarial,
  propose(context) {
    if (context.budget === 0) return context.x.clone();
    return tf.tidy(() => withinBudget(context, minimalAdversarial(context)));
  },
});
