import type * as tf from '@tensorflow/tfjs';
import type { AttackContext } from '../types.js';

/**
 * `context.memo` when the runner provides it (rows computed once per attack run and reused at
 * every budget), else `compute()`. `compute`'s rows must depend only on their own sample.
 */
export function memoize(context: AttackContext, purpose: string, compute: () => tf.Tensor): tf.Tensor {
  return context.memo ? context.memo(purpose, compute) : compute();
}
