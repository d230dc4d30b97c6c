import * as tf from '@tensorflow/tfjs';
import { RuntimeFailure } from '../../src/errors.js';
import type { Classifier } from '../../src/model/classifier.js';
import { dlrLoss } from './dlr-loss.js';
import { withInputGradientsOnly } from '../../src/model/kernels/discarded-filter-gradients.js';

/** Losses an attack can ascend. */
export const lossNames = ['ce', 'margin', 'dlr'] as const;
export type LossName = (typeof lossNames)[number];

/** Description of the `loss` parameter shared by gradient attacks. */
export const lossDescription = 'loss to ascend: ce (cross-entropy), margin (Carlini–Wagner) or dlr (difference of logits ratio, AutoAttack)';

/**
 * Per-sample loss to *maximise*, shape `[n]`. Untargeted: `ce` = softmax cross-entropy of the
 * true label; `margin` = max_{j≠y} z_j − z_y (Carlini–Wagner); `dlr` = the margin divided by
 * z_π1 − z_π3 (see {@link dlrLoss}). Targeted (with `targets`): the negated `ce`/`margin` of the
 * target class, so ascending it moves predictions towards the target; targeted `dlr` is
 * AutoAttack's (z_t − z_y) / (z_π1 − (z_π3 + z_π4)/2).
 */
export function attackLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, loss: LossName, targets?: tf.Tensor1D): tf.Tensor1D {
  if (loss === 'dlr') return dlrLoss(logits, labels, targets);
  if (targets) return tf.tidy(() => attackLoss(logits, targets, loss).neg() as tf.Tensor1D);
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const oneHot = tf.oneHot(labels, classes).cast('float32');
    if (loss === 'ce') {
      return logits.logSoftmax().mul(oneHot).sum(1).neg() as tf.Tensor1D;
    }
    const trueLogit = logits.mul(oneHot).sum(1);
    // Push the true class far below every other before taking the max over the rest.
    const others = logits.sub(oneHot.mul(1e9)).max(1);
    return others.sub(trueLogit) as tf.Tensor1D;
  });
}

/**
 * Logits and the gradient of the summed loss w.r.t. the input, in one forward/backward pass. Given
 * a classifier with a native `lossGradient` (the ONNX Runtime engine), that one call is used;
 * otherwise `tf.grad` differentiates `forward` (or the classifier's `logits`).
 */
export function logitsAndGradient(
  source: Classifier | ((x: tf.Tensor) => tf.Tensor2D),
  x: tf.Tensor,
  labels: tf.Tensor1D,
  loss: LossName,
  targets?: tf.Tensor1D,
): { logits: tf.Tensor2D; gradient: tf.Tensor } {
  if (typeof source !== 'function' && source.lossGradient) return source.lossGradient(x, labels, loss, targets);
  const forward = typeof source === 'function' ? source : (input: tf.Tensor) => source.logits(input);
  let logits: tf.Tensor2D | undefined;
  try {
    const gradient = inputGradient((input: tf.Tensor) => {
      const output = forward(input);
      logits = tf.keep(output);
      return attackLoss(output, labels, loss, targets).sum();
    }, x);
    return { logits: logits!, gradient };
  } catch (error) {
    logits?.dispose();
    throw error;
  }
}

/**
 * `tf.grad(f)(x)`, with tfjs's "no gradient for op X" turned into a typed error: such a model
 * cannot be attacked with gradients, and the runner says so and goes on with the other attacks.
 *
 * @throws RuntimeFailure `NO_GRADIENT` when an op on the path from input to loss has no gradient
 */
export function inputGradient(f: (input: tf.Tensor) => tf.Scalar, x: tf.Tensor): tf.Tensor {
  try {
    return withInputGradientsOnly(() => tf.grad(f)(x));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!/cannot compute gradient/i.test(message)) throw error;
    releaseAbandonedTape();
    throw new RuntimeFailure(noGradientCode,
      `the model has no input gradient in TensorFlow.js (${message}), so gradient attacks cannot run on it. ` +
      'Gradient-free perturbations still run; to attack it, re-export the model without that op (or with a differentiable replacement).');
  }
}

/**
 * tfjs 4.22 disposes the tensors its tape saved for the backward pass only when backpropagation
 * succeeds; when it throws ("no gradient for op X") they stay allocated. Free them as tfjs would
 * (engine internals, guarded: a later tfjs without this state is left alone).
 */
function releaseAbandonedTape(): void {
  const state = (tf.engine() as unknown as { state?: { gradientDepth?: number; activeTape?: { saved?: tf.Tensor[] }[] | null } }).state;
  if (!state || state.gradientDepth !== 0 || !Array.isArray(state.activeTape)) return;
  for (const node of state.activeTape) for (const tensor of node.saved ?? []) tensor.dispose();
  state.activeTape = null;
}

/** Error code of {@link inputGradient} failures; the runner skips the attack and warns. */
export const noGradientCode = 'NO_GRADIENT';

/** Boolean mask `[n]`: predictions differ from the labels. */
export function misclassified(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => logits.argMax(1).notEqual(labels) as tf.Tensor1D);
}

/**
 * Boolean mask `[n]` of samples where the attack has succeeded: the prediction equals the target
 * for a targeted attack, differs from the label otherwise.
 */
export function attackSucceeded(logits: tf.Tensor2D, labels: tf.Tensor1D, targets?: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => (targets ? logits.argMax(1).equal(targets) : logits.argMax(1).notEqual(labels)) as tf.Tensor1D);
}
