/**
 * The `toBeRobust` matcher. Written against the shape of vitest's (and Jest's) matcher contract —
 * `this.isNot`, `{ pass, message, actual, expected }` — without importing vitest at run time, so
 * the package does not depend on the test runner a project uses.
 */
import { actualText, expectedText, formatRobustnessMessage } from './format-result.js';
import { checkRobustness, type ModelUnderTest, type RobustnessOptions } from './robustness-check.js';

/** The part of vitest's `MatcherState` the matcher reads. */
export interface RobustMatcherState {
  /** True inside `expect(…).not.toBeRobust(…)`. */
  isNot: boolean;
}

/** What a matcher returns to vitest: `actual` / `expected` feed its diff. */
export interface RobustMatcherResult {
  pass: boolean;
  message: () => string;
  actual: string;
  expected: string;
}

/**
 * `await expect(model).toBeRobust({ attack, norm, epsilon, minAccuracy, data })`: runs one attack
 * at one budget on the first `samples` (default 100) samples and passes when robust accuracy's
 * whole confidence interval (default 95 %) is at or above `minAccuracy` and no sanity check
 * fails. Inconclusive intervals fail, with the sample count that would decide them. Invalid
 * options, model or data throw (the test errors) rather than fail.
 *
 * @param received - `tf.LayersModel`, `tf.GraphModel` or a model.json path (relative to the current folder)
 */
export async function toBeRobust(this: RobustMatcherState, received: ModelUnderTest, options: RobustnessOptions): Promise<RobustMatcherResult> {
  const result = await checkRobustness(received, options);
  return {
    pass: result.pass,
    message: () => formatRobustnessMessage(result, this.isNot),
    actual: actualText(result),
    expected: expectedText(result),
  };
}

/** Every robustcheck matcher, for `expect.extend(robustMatchers)`. */
export const robustMatchers = { toBeRobust };
