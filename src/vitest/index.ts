/**
 * `robustcheck/vitest`: robustness assertions for vitest (and Jest-compatible `expect`).
 *
 * ```ts
 * import { expect } from 'vitest';
 * import { robustMatchers } from 'robustcheck/vitest';
 * expect.extend(robustMatchers);
 *
 * await expect('models/cnn/model.json').toBeRobust({
 *   attack: 'pgd', norm: 'linf', epsilon: 0.03, minAccuracy: 0.6, data: 'data/test.npz',
 * });
 * ```
 */
import type { RobustnessOptions } from './robustness-check.js';
// Type-only: makes vitest's declarations visible to the augmentation below; nothing is imported at run time.
import type {} from 'vitest';

export { robustMatchers, toBeRobust, type RobustMatcherResult, type RobustMatcherState } from './matchers.js';
export { checkRobustness, type ModelUnderTest, type RobustnessData, type RobustnessOptions, type RobustnessResult } from './robustness-check.js';
export type { ArrayData } from './array-dataset.js';
export { formatRobustnessMessage } from './format-result.js';

declare module 'vitest' {
  // The type parameter must match vitest's own `Matchers<T>` declaration to merge with it.
  interface Matchers<T = any> {
    /** Runs one attack at one budget and asserts robust accuracy ≥ `minAccuracy` with confidence (see `toBeRobust`). */
    toBeRobust(options: RobustnessOptions): Promise<void>;
  }
}
