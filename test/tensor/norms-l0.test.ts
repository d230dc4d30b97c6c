import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { measurePerturbation, sizeInNorm } from '../../src/metrics/perturbation-size.js';
import { selectBackend } from '../../src/model/backend.js';
import { distance, largestKMask, normalizeGradient, project, projectDelta, randomPointInBall } from '../../src/tensor/norms.js';
import { fixtureNumbers } from '../helpers/classifiers.js';

/** The L0 budget (count of changed values) added for salt-pepper: distance, projection, runner check. */
beforeAll(async () => {
  await selectBackend('wasm');
});

const read = (t: tf.Tensor) => { const values = Array.from(t.dataSync()); t.dispose(); return values; };

describe('largestKMask', () => {
  it('keeps exactly k per row, ties in index order', () => {
    const values = tf.tensor2d([[1, 1, 1, 1, 1], [0, 3, 1, 3, 2], [5, 4, 3, 2, 1]]);
    expect(read(largestKMask(values, 3))).toEqual([1, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0, 0]);
    expect(read(largestKMask(values, 0))).toEqual(Array(15).fill(0));
    expect(read(largestKMask(values, 7))).toEqual(Array(15).fill(1));
    values.dispose();
  });
});

describe('l0 norm', () => {
  it('distance counts the values that changed by more than 1e-12, like measurePerturbation', () => {
    const delta = tf.tensor2d([[0, 0.5, -0.25, 1e-13, 0], [1, 1, 1, 1, 1]]);
    expect(read(distance(delta, 'l0'))).toEqual([2, 5]);
    delta.dispose();
    const size = measurePerturbation([0, 0, 0, 0], [0, 0.5, -0.25, 1e-13]);
    expect(size.l0).toBe(2);
    expect(sizeInNorm(size, 'l0')).toBe(2);
  });

  it.each([
    [2, [0, 0.9, -0.8, 0, 0]],
    [2.7, [0, 0.9, -0.8, 0, 0]], // a non-integer budget allows ⌊ε⌋ values
    [0.5, [0, 0, 0, 0, 0]],
    [9, [0.1, 0.9, -0.8, 0.3, 0]],
  ])('projection onto ε = %f keeps the ⌊ε⌋ largest |δ|', (epsilon, expected) => {
    const delta = tf.tensor2d([[0.1, 0.9, -0.8, 0.3, 0]]);
    expect(read(projectDelta(delta, epsilon, 'l0')).map((v) => +v.toFixed(6))).toEqual(expected);
    delta.dispose();
  });

  it('the runner projection stays within the budget on tied values, and applying it twice changes nothing', () => {
    const before = tf.memory().numTensors;
    const n = 6;
    const d = 50;
    const clean = Float32Array.from(fixtureNumbers(5, n * d), (v) => (v > 0 ? 0 : 0.5)); // many ties
    const x = tf.tensor2d(clean, [n, d]);
    const candidate = tf.tensor2d(fixtureNumbers(6, n * d).map((v) => (v > 0.2 ? 1 : v < -0.2 ? 0 : 0.5)), [n, d]);
    for (const epsilon of [0, 1, 7, 20, 50]) {
      const once = project(x, candidate, epsilon, 'l0', [0, 1]);
      const twice = project(x, once, epsilon, 'l0', [0, 1]);
      const values = once.dataSync();
      for (let row = 0; row < n; row++) expect(measurePerturbation(clean, values, row * d, d).l0).toBeLessThanOrEqual(epsilon);
      expect(Array.from(twice.dataSync())).toEqual(Array.from(values));
      once.dispose();
      twice.dispose();
    }
    x.dispose();
    candidate.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has no gradient step or random start (typed error naming the norms to use)', () => {
    const g = tf.ones([1, 4]);
    expect(() => normalizeGradient(g, 'l0')).toThrow(InputError);
    expect(() => randomPointInBall(g, g, 1, 'l0')).toThrow(/use linf, l2 or l1/);
    g.dispose();
  });
});
