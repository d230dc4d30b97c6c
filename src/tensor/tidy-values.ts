import * as tf from '@tensorflow/tfjs';

/**
 * Runs `fn` in a `tf.tidy` scope and returns its result, which must hold no tensors (they would
 * be disposed with the scope): typed arrays, numbers, plain objects of them.
 *
 * Why not `tf.tidy(fn)`: tidy searches whatever its callback returns for tensors to keep, and it
 * walks a typed array index by index, adding every value to a Set. For one batch of 128
 * 128×128×3 adversarials (6.3 M values) that took ~0.35 s — 45 % of a 256-sample FGSM run's CPU
 * time, plus the garbage it left. Results that leave the scope through this are never walked.
 */
export function tidyValues<T>(fn: () => T): T {
  let result!: T;
  tf.tidy(() => {
    result = fn();
  });
  return result;
}
