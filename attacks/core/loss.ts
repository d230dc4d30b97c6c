import * as tf from '@tensorflow/tfjs';

/** Losses an attack can ascend. */
export const lossNames = ['ce', 'margin'] as const;
export type LossName = (typeof lossNames)[number];

/**
 * Per-sample loss to *maximise*, shape `[n]`. Untargeted: `ce` = softmax cross-entropy of the
 * true label; `margin` = max_{j≠y} z_j − z_y (Carlini–Wagner). Targeted (with `targets`): the
 * negated loss of the target class, so ascending it moves predictions towards the target.
 */
export function attackLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, loss: LossName, targets?: tf.Tensor1D): tf.Tensor1D {
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

/** Logits and the gradient of the summed loss w.r.t. the input, in one forward/backward pass. */
export function logitsAndGradient(
  forward: (x: tf.Tensor) => tf.Tensor2D,
  x: tf.Tensor,
  labels: tf.Tensor1D,
  loss: LossName,
  targets?: tf.Tensor1D,
): { logits: tf.Tensor2D; gradient: tf.Tensor } {
  let logits: tf.Tensor2D | undefined;
  const gradient = tf.grad((input: tf.Tensor) => {
    const output = forward(input);
    logits = tf.keep(output);
    return attackLoss(output, labels, loss, targets).sum();
  })(x);
  return { logits: logits!, gradient };
}

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
