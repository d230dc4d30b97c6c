import * as tf from '@tensorflow/tfjs';
import { asRows } from '../../src/tensor/rows.js';
import type { AttackContext } from '../types.js';

/** Warning when a model's input gradient is NaN or infinite somewhere (wording is stable: the runner dedupes on it). */
export const nanGradientWarning =
  'the model returned NaN or infinite input gradients for some samples; those entries were treated as 0. ' +
  'Check the model for log(0), division by zero or overflowing activations; results of this attack understate its strength.';

/** Warning when a whole batch has exactly zero input gradients. */
export const zeroGradientWarning =
  'the input gradient is exactly zero for every sample of a batch, so gradient attacks cannot move these inputs. ' +
  'The model may mask gradients (argmax, rounding or quantisation layers, saturated outputs): its robust accuracy under this attack ' +
  'is not evidence of robustness. Gradient-free perturbations still run; try loss "margin" or "dlr", or a noise attack.';

/**
 * Makes an input gradient safe to step along: non-finite entries become 0, so a step can never
 * produce NaN inputs. With `inspect` (the first gradient of a run: one sync per batch, not per
 * step) it also tells `context.warn` when some rows were NaN/∞ or every row is exactly zero — a
 * model that yields no usable gradient must say so instead of reporting a robust-looking number.
 */
export function usableGradient(context: AttackContext, gradient: tf.Tensor, inspect: boolean): tf.Tensor {
  const safe = tf.tidy(() => tf.where(gradient.isFinite(), gradient, tf.zerosLike(gradient)));
  if (inspect && context.warn) {
    const [finiteRows, movingRows] = tf.tidy(() => {
      const rows = asRows(gradient);
      const finite = rows.isFinite().all(1).cast('int32').sum().dataSync()[0]!;
      const moving = asRows(safe).abs().max(1).greater(0).cast('int32').sum().dataSync()[0]!;
      return [finite, moving];
    });
    if (finiteRows < gradient.shape[0]!) context.warn(nanGradientWarning);
    if (movingRows === 0) context.warn(zeroGradientWarning);
  }
  return safe;
}
