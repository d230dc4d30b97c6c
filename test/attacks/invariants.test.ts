import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { measurePerturbation } from '../../src/metrics/perturbation-size.js';
import type { Norm } from '../../src/tensor/norms.js';
import { denseClassifier, fixtureNumbers, randomDense } from '../helpers/classifiers.js';
import { proposeDirect, runCase } from '../helpers/attack-harness.js';

/** RELIABILITY.md A1–A9 for every attack × norm × ε, on a small undefended MLP. */
const inputSize = 12;
const samples = 24;
const classifier = denseClassifier([randomDense(11, inputSize, 16, 1.5), randomDense(12, 16, 4, 1.5)]);
const x = Float32Array.from(fixtureNumbers(99, samples * inputSize), (v) => (v + 1) / 2);
let labels: Int32Array;

beforeAll(async () => {
  await selectBackend('wasm');
  labels = tf.tidy(() => classifier.logits(tf.tensor(x, [samples, inputSize])).argMax(1).dataSync() as Int32Array);
});

const cases: [string, Norm, Record<string, unknown>][] = [
  ['fgsm', 'linf', {}], ['fgsm', 'l2', {}], ['fgsm', 'l1', {}],
  ['pgd', 'linf', { steps: 10 }], ['pgd', 'l2', { steps: 10 }], ['pgd', 'l1', { steps: 10 }],
  ['pgd', 'linf', { steps: 5, restarts: 2, loss: 'margin' }],
  ['gaussian-noise', 'l2', {}], ['gaussian-noise', 'linf', { repeats: 3 }],
];
const budgets: Record<Norm, number[]> = { linf: [0, 0.02, 0.1, 0.4], l2: [0, 0.1, 0.5, 2], l1: [0, 0.5, 2, 6] };

describe.each(cases)('%s (%s) %o', (type, norm, params) => {
  it.each(budgets[norm])('ε = %f: inside the ε-ball and the box, finite, same shape (A1, A2, A6)', async (epsilon) => {
    const before = tf.memory().numTensors;
    const { x: clean, proposal } = proposeDirect({ classifier, x, labels, type, norm, budget: epsilon, params });
    expect(proposal.shape).toEqual(clean.shape);
    expect(proposal.dtype).toBe('float32');
    const adversarial = proposal.dataSync();
    expect(Array.from(clean.dataSync())).toEqual(Array.from(x)); // input not mutated
    for (let i = 0; i < samples; i++) {
      const size = measurePerturbation(x, adversarial, i * inputSize, inputSize);
      expect(size[norm]).toBeLessThanOrEqual(epsilon + 1e-6);
    }
    for (const value of adversarial) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    clean.dispose();
    proposal.dispose();
    expect(tf.memory().numTensors).toBe(before); // A9
  });

  it('ε = 0 returns the input exactly and robust accuracy equals clean accuracy (A4)', async () => {
    const { x: clean, proposal } = proposeDirect({ classifier, x, labels, type, norm, budget: 0, params });
    expect(Array.from(proposal.dataSync())).toEqual(Array.from(x));
    clean.dispose();
    proposal.dispose();
    const outcome = await runCase({ classifier, x, labels, type, norm, budget: 0, params });
    expect(Array.from(outcome.robust)).toEqual(Array(samples).fill(1));
  });

  it('same seed gives identical outcomes; batch size and order do not matter (A8)', async () => {
    const epsilon = budgets[norm][2]!;
    const first = await runCase({ classifier, x, labels, type, norm, budget: epsilon, params, batchSize: 24 });
    const again = await runCase({ classifier, x, labels, type, norm, budget: epsilon, params, batchSize: 24 });
    const small = await runCase({ classifier, x, labels, type, norm, budget: epsilon, params, batchSize: 5 });
    expect(Array.from(again.robust)).toEqual(Array.from(first.robust));
    expect(Array.from(small.robust)).toEqual(Array.from(first.robust));
    expect(small.sizes.map((s) => s[norm])).toEqual(first.sizes.map((s) => s[norm]).map((v) => expect.closeTo(v, 6)));
  });

  it('runner re-verifies on the final tensor and leaks no tensors (A7, A9)', async () => {
    const before = tf.memory().numTensors;
    const outcome = await runCase({ classifier, x, labels, type, norm, budget: budgets[norm][3]!, params });
    expect(tf.memory().numTensors).toBe(before);
    expect(outcome.finished).toBe(true);
    expect(outcome.sizes).toHaveLength(samples);
  });
});
