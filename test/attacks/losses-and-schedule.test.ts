import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dlrLoss, marginOf } from '../../attacks/core/dlr-loss.js';
import { attackLoss } from '../../attacks/core/loss.js';
import { apgdCheckpoints, shouldHalveStep } from '../../attacks/core/step-schedule.js';
import { selectBackend } from '../../src/model/backend.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const values = (build: () => tf.Tensor) => Array.from(tf.tidy(() => build().dataSync()));

describe('DLR loss (Croce & Hein 2020, eq. 6) by hand', () => {
  const logits = [[3, 1, 0.5, -1], [0.2, 2, -3, 1]];

  it('untargeted: (max_{j≠y} z_j − z_y) / (z_π1 − z_π3)', () => {
    const loss = values(() => dlrLoss(tf.tensor2d(logits), tf.tensor1d([0, 3], 'int32')));
    expect(loss[0]).toBeCloseTo((1 - 3) / (3 - 0.5), 6);
    expect(loss[1]).toBeCloseTo((2 - 1) / (2 - 0.2), 6);
  });

  it('targeted: (z_t − z_y) / (z_π1 − (z_π3 + z_π4)/2)', () => {
    const loss = values(() => dlrLoss(tf.tensor2d(logits), tf.tensor1d([0, 1], 'int32'), tf.tensor1d([2, 0], 'int32')));
    expect(loss[0]).toBeCloseTo((0.5 - 3) / (3 - (0.5 - 1) / 2), 6);
    expect(loss[1]).toBeCloseTo((0.2 - 2) / (2 - (0.2 - 3) / 2), 6);
  });

  it('is invariant to scaling and shifting the logits (why AutoAttack uses it)', () => {
    const labels = () => tf.tensor1d([0, 3], 'int32');
    const plain = values(() => dlrLoss(tf.tensor2d(logits), labels()));
    const scaled = values(() => dlrLoss(tf.tensor2d(logits).mul(7).add(3) as tf.Tensor2D, labels()));
    scaled.forEach((value, i) => expect(value).toBeCloseTo(plain[i]!, 5));
  });

  it('has a gradient (no TopK on the path) that matches central finite differences', () => {
    const z = tf.tensor2d([[0.3, 1.1, -0.4, 0.9, 0.2]]);
    const y = tf.tensor1d([1], 'int32');
    const gradient = values(() => tf.grad((input: tf.Tensor) => dlrLoss(input as tf.Tensor2D, y).sum())(z));
    const h = 1e-3;
    gradient.forEach((g, k) => {
      const shifted = (sign: number) => values(() => dlrLoss(z.add(tf.oneHot([k], 5).mul(sign * h)) as tf.Tensor2D, y))[0]!;
      expect(g).toBeCloseTo((shifted(1) - shifted(-1)) / (2 * h), 2);
    });
    tf.dispose([z, y]);
  });

  it('falls back to the margin with fewer than 3 classes (4 when targeted)', () => {
    const two = [[1, 3], [2, -1]];
    const labels = () => tf.tensor1d([0, 0], 'int32');
    expect(values(() => dlrLoss(tf.tensor2d(two), labels()))).toEqual(values(() => marginOf(tf.tensor2d(two), labels())));
    const three = [[1, 3, 0], [2, -1, 5]];
    const targeted = values(() => dlrLoss(tf.tensor2d(three), labels(), tf.tensor1d([1, 2], 'int32')));
    expect(targeted).toEqual(values(() => marginOf(tf.tensor2d(three), tf.tensor1d([1, 2], 'int32')).neg()));
  });

  it('attackLoss routes "dlr" and keeps ce/margin as before', () => {
    const labels = () => tf.tensor1d([0, 3], 'int32');
    expect(values(() => attackLoss(tf.tensor2d(logits), labels(), 'dlr'))).toEqual(values(() => dlrLoss(tf.tensor2d(logits), labels())));
    expect(values(() => attackLoss(tf.tensor2d(logits), labels(), 'margin'))[0]).toBeCloseTo(1 - 3, 6);
  });
});

describe('APGD step-size schedule', () => {
  it('100 steps: checkpoints after 22, 41, 57, 70, 80, 87, 93, 99 iterations (the paper\'s p_j)', () => {
    const checkpoints = apgdCheckpoints(100);
    expect(checkpoints.map((c) => c.iteration + 1)).toEqual([22, 41, 57, 70, 80, 87, 93, 99]);
    expect(checkpoints.map((c) => c.window)).toEqual([22, 19, 16, 13, 10, 7, 6, 6]);
  });

  it('short runs still get checkpoints with windows of at least one step', () => {
    expect(apgdCheckpoints(10).map((c) => [c.iteration, c.window])).toEqual([[1, 2], [2, 1], [3, 1], [4, 1], [5, 1], [6, 1], [7, 1], [8, 1], [9, 1]]);
    expect(apgdCheckpoints(0)).toEqual([]);
  });

  const checkpoint = { iteration: 3, window: 4 };
  const base = { checkpoint, rho: 0.75, reducedLastTime: false, bestAtLastCheck: 0, best: 5 };

  it('keeps the step while (almost) every step of the window raised the loss and the best improved', () => {
    expect(shouldHalveStep({ ...base, losses: [0, 1, 2, 3, 5] })).toBe(false);
  });

  it('halves when at most ρ of the window\'s steps raised the loss (oscillation)', () => {
    expect(shouldHalveStep({ ...base, losses: [0, 1, 0.5, 2, 5] })).toBe(true); // 3 of 4 ≤ 0.75·4
  });

  it('halves when the best loss did not improve since the last checkpoint and the step was not halved then', () => {
    expect(shouldHalveStep({ ...base, losses: [0, 1, 2, 3, 4], bestAtLastCheck: 5, best: 5 })).toBe(true);
    expect(shouldHalveStep({ ...base, losses: [0, 1, 2, 3, 4], bestAtLastCheck: 5, best: 5, reducedLastTime: true })).toBe(false);
  });
});
