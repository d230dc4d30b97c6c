import type * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import type { ModelFormat } from './model-format.js';

/** How the model's raw output is turned into logits for attacks and metrics. */
export type OutputKind = 'logits' | 'probabilities' | 'sigmoid';

/** Losses a classifier can differentiate natively (see `attacks/core/loss.ts` for their definitions). */
export type GradientLoss = 'ce' | 'margin' | 'dlr';

/**
 * A differentiable classifier in *input space*: preprocessing (mean/std) runs inside `logits`, so
 * perturbation budgets are always measured on the tensors users provide. Attacks and metrics only
 * see this interface, never the underlying tfjs model.
 */
export interface Classifier {
  /** Shape of one input sample, e.g. `[28, 28, 1]`. */
  readonly inputShape: number[];
  /** Number of classes (2 for a single-sigmoid binary model). */
  readonly numClasses: number;
  /** Valid input box `[low, high]` in input units; attacks clip to it. */
  readonly inputRange: [number, number];
  /** What the raw model output was detected or declared to be. */
  readonly outputKind: OutputKind;
  /** Model file format: `layers`, `graph` or `onnx`. */
  readonly format: ModelFormat;
  /** Human-readable class names, when given. */
  readonly classNames?: string[];
  /**
   * Logits (or log-probabilities for probability outputs; `[0, logit(p)]` for a single sigmoid)
   * of a batch `[n, ...inputShape]`, shape `[n, numClasses]`. Differentiable with `tf.grad`.
   * Must be called inside `tf.tidy` (it creates intermediates).
   */
  logits(x: tf.Tensor): tf.Tensor2D;
  /** Raw model output (before the logits conversion), for sanity checks on probabilities. */
  rawOutput(x: tf.Tensor): tf.Tensor2D;
  /**
   * Optional fast path of engines that compute gradients themselves (ONNX Runtime): logits and
   * ∂Σloss/∂x of an attack loss in one pass, equal to `tf.grad` of `attackLoss` over `logits`.
   * Absent on tfjs classifiers; callers then differentiate `logits` with `tf.grad`.
   */
  lossGradient?(x: tf.Tensor, labels: tf.Tensor1D, loss: GradientLoss, targets?: tf.Tensor1D): { logits: tf.Tensor2D; gradient: tf.Tensor };
  /** Frees the model's weights. */
  dispose(): void;
}

/**
 * Refuses a batch whose sample shape is not the model's (`[n, ...inputShape]`), naming the model.
 *
 * @throws InputError `MODEL_INPUT_SHAPE`
 */
export function checkBatchShape(x: tf.Tensor, inputShape: readonly number[], displayPath: string): void {
  const sample = x.shape.slice(1);
  if (x.rank !== inputShape.length + 1 || sample.some((dim, index) => dim !== inputShape[index])) {
    throw new InputError('MODEL_INPUT_SHAPE',
      `Model "${displayPath}" takes samples of shape [${inputShape.join(', ')}] but was given a batch of shape [${x.shape.join(', ')}]. ` +
      'Check that the data matches the model input (reshape or channel axis).');
  }
}
