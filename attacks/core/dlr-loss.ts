import * as tf from '@tensorflow/tfjs';
import type { AttackContext } from '../types.js';

/** Pushes one class far below every other before a max over "the others". */
const excluded = 1e9;

/** Per-sample `max_{j≠c} z_j − z_c`, shape `[n]` (Carlini–Wagner margin of class `c`). */
export function marginOf(logits: tf.Tensor2D, classes: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(classes, logits.shape[1]).cast('float32');
    const own = logits.mul(oneHot).sum(1);
    return logits.sub(oneHot.mul(excluded)).max(1).sub(own) as tf.Tensor1D;
  });
}

/**
 * The `count` largest logits per row, `[n]` each, in descending order, by repeated max-and-mask:
 * differentiable where `tf.topk` is not (tfjs has no TopK gradient).
 */
function largestLogits(logits: tf.Tensor2D, count: number): tf.Tensor1D[] {
  const values: tf.Tensor1D[] = [];
  let rest: tf.Tensor2D = logits;
  for (let k = 0; k < count; k++) {
    values.push(rest.max(1) as tf.Tensor1D);
    // argMax has no gradient: the mask is a constant, the gradient flows through `max`.
    rest = rest.sub(tf.oneHot(rest.argMax(1), logits.shape[1]).cast('float32').mul(excluded));
  }
  return values;
}

/** Classes the DLR loss needs: it divides by z_π1 − z_π3 (targeted: by z_π1 − (z_π3 + z_π4)/2). */
export function dlrMinimumClasses(targeted: boolean): number {
  return targeted ? 4 : 3;
}

/**
 * Difference of Logits Ratio loss to *maximise*, shape `[n]` (Croce & Hein 2020, "Reliable
 * evaluation of adversarial robustness with an ensemble of diverse parameter-free attacks",
 * https://arxiv.org/abs/2003.01690, eq. 6 and its targeted form, as in AutoAttack's
 * `autopgd_base.py`):
 *   untargeted  (max_{j≠y} z_j − z_y) / (z_π1 − z_π3 + 1e-12)
 *   targeted    (z_t − z_y) / (z_π1 − (z_π3 + z_π4)/2 + 1e-12)
 * with z_π1 ≥ z_π2 ≥ … the sorted logits. Dividing by a logit spread makes it invariant to
 * rescaling the logits, so saturated softmax outputs cannot hide the gradient. With fewer classes
 * than {@link dlrMinimumClasses} the ratio is undefined and the plain margin is used instead.
 */
export function dlrLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, targets?: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    if (classes < dlrMinimumClasses(targets !== undefined)) {
      return (targets ? marginOf(logits, targets).neg() : marginOf(logits, labels)) as tf.Tensor1D;
    }
    const top = largestLogits(logits, targets ? 4 : 3);
    const column = (k: number) => top[k]!;
    if (targets) {
      const pick = (index: tf.Tensor1D) => logits.mul(tf.oneHot(index, classes).cast('float32')).sum(1);
      const spread = column(0).sub(column(2).add(column(3)).mul(0.5)).add(1e-12);
      return pick(targets).sub(pick(labels)).div(spread) as tf.Tensor1D;
    }
    return marginOf(logits, labels).div(column(0).sub(column(2)).add(1e-12)) as tf.Tensor1D;
  });
}

/** Tells `context.warn` when the `dlr` loss is asked of a model with too few classes (it then falls back to the margin). */
export function warnIfDlrUndefined(context: AttackContext, loss: string): void {
  const needed = dlrMinimumClasses(context.targets !== undefined);
  if (loss !== 'dlr' || context.classifier.numClasses >= needed) return;
  context.warn?.(`loss "dlr" needs at least ${needed} classes${context.targets ? ' when targeted' : ''} but the model has ${context.classifier.numClasses}; the margin loss was used instead.`);
}
