import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { keepFirstSuccess } from '../../attacks/core/repeats.js';
import type { AttackContext } from '../../attacks/types.js';
import { selectBackend } from '../../src/model/backend.js';
import type { Classifier } from '../../src/model/classifier.js';

/**
 * Known answers for the shared "repeats" loop: a classifier that predicts class 1 exactly when
 * the first input value exceeds 0.5, and draws whose first value says which draw made them.
 */
beforeAll(async () => {
  await selectBackend('wasm');
});

const threshold: Classifier = {
  inputShape: [2], numClasses: 2, inputRange: [0, 1], outputKind: 'logits', format: 'layers',
  logits: (x) => tf.tidy(() => {
    const first = x.slice([0, 0], [-1, 1]);
    return tf.concat([tf.scalar(0.5).sub(first), first.sub(0.5)], 1) as tf.Tensor2D;
  }),
  rawOutput: (x) => threshold.logits(x),
  dispose: () => undefined,
};

/** Runs the loop on 4 samples (label 0) where sample i breaks at draw `breakAt[i]` (−1: never). */
function run(breakAt: number[], repeats: number): { first: number[]; calls: number } {
  let calls = 0;
  const x = tf.fill([breakAt.length, 2], 0.1);
  const labels = tf.zeros([breakAt.length], 'int32') as tf.Tensor1D;
  const context = { classifier: threshold, x, labels, project: (c: tf.Tensor) => c.clipByValue(0, 1) } as unknown as AttackContext;
  const result = keepFirstSuccess(context, repeats, (repeat) => {
    calls++;
    // Broken samples get 0.9; the others carry the draw number so the kept draw is visible.
    const values = breakAt.flatMap((at) => [at === repeat ? 0.9 : 0.1 + 0.01 * repeat, 0]);
    return tf.tensor2d(values, [breakAt.length, 2]);
  });
  const first = Array.from(result.dataSync()).filter((_, i) => i % 2 === 0).map((v) => +v.toFixed(4));
  tf.dispose([result, x, labels]);
  return { first, calls };
}

describe('keepFirstSuccess', () => {
  it('keeps the first breaking draw of each sample and the last draw of unbroken ones', () => {
    const before = tf.memory().numTensors;
    expect(run([2, 0, -1, 4], 5)).toEqual({ first: [0.9, 0.9, 0.14, 0.9], calls: 5 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops drawing once every sample is broken', () => {
    expect(run([1, 0, 2, 0], 10)).toEqual({ first: [0.9, 0.9, 0.9, 0.9], calls: 3 });
  });

  it('with one repeat returns the single draw without evaluating it', () => {
    expect(run([-1, 0, -1, 3], 1)).toEqual({ first: [0.1, 0.9, 0.1, 0.1], calls: 1 });
  });
});
