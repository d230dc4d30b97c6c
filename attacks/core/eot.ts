import type { Classifier } from '../../src/model/classifier.js';
import * as tf from '@tensorflow/tfjs';
import type { ParamSpec } from '../types.js';
import { logitsAndGradient, type LossName } from './loss.js';

/**
 * The `eotIterations` parameter of gradient attacks: Expectation over Transformation (Athalye,
 * Carlini, Wagner 2018, https://arxiv.org/abs/1802.00420). For a model with randomness (dropout
 * at inference, random preprocessing) one gradient is a noisy sample; averaging N of them
 * estimates the gradient of the expected loss. AutoAttack's `rand` version uses 20.
 */
export const eotParam = {
  type: 'integer', minimum: 1, maximum: 1000, default: 1,
  description: 'Expectation over Transformation: average the input gradient over this many forward/backward passes (for randomised models; 1 = off)',
} as const satisfies ParamSpec;

/**
 * {@link logitsAndGradient} averaged over `iterations` passes: the mean gradient, and the logits
 * of the last pass (as AutoAttack does). With 1 iteration it is one plain pass.
 */
export function eotLogitsAndGradient(
  source: Classifier | ((x: tf.Tensor) => tf.Tensor2D), x: tf.Tensor, labels: tf.Tensor1D, loss: LossName, targets: tf.Tensor1D | undefined, iterations: number,
): { logits: tf.Tensor2D; gradient: tf.Tensor } {
  let last = logitsAndGradient(source, x, labels, loss, targets);
  if (iterations <= 1) return last;
  let sum = last.gradient;
  for (let draw = 1; draw < iterations; draw++) {
    last.logits.dispose();
    last = logitsAndGradient(source, x, labels, loss, targets);
    const next = tf.add(sum, last.gradient);
    tf.dispose([sum, last.gradient]);
    sum = next;
  }
  const gradient = tf.tidy(() => sum.div(iterations));
  sum.dispose();
  return { logits: last.logits, gradient };
}
