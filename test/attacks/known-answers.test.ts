import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { denseClassifier } from '../helpers/classifiers.js';
import { proposeDirect } from '../helpers/attack-harness.js';

/**
 * docs/reliability.md B10: on a linear model the cross-entropy gradient w.r.t. x for true class y is
 * Σ_j (p_j − 1[j=y]) w_j, so with two classes it is (p_1 − 1)(w_0 − w_1)... along w_other − w_true.
 * With w_1 − w_0 = w, class 0 true: FGSM L∞ moves every coordinate by exactly ε·sign(w) and FGM L2
 * by ε·w/‖w‖ (inputs far from the box edges, so no clipping).
 */
const w = [0.5, -1.25, 2, -0.25, 1];
const classifier = denseClassifier([{ weights: w.map((value) => [0, value]), bias: [2, 0] }], [-10, 10]);
const x = Float32Array.from([0.1, -0.2, 0.3, 0.05, -0.1, 0.4, 0.0, -0.3, 0.2, 0.1]);
const labels = Int32Array.from([0, 0]);

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('known answers on a linear model (B10)', () => {
  it.each([0.01, 0.1, 0.5])('FGSM L∞ moves each coordinate by exactly ε along sign(w) (ε = %f)', (epsilon) => {
    const { x: clean, proposal } = proposeDirect({ classifier, x, labels, type: 'fgsm', norm: 'linf', budget: epsilon });
    const adversarial = proposal.dataSync();
    for (let i = 0; i < x.length; i++) {
      expect(adversarial[i]! - x[i]!).toBeCloseTo(epsilon * Math.sign(w[i % w.length]!), 6);
    }
    clean.dispose();
    proposal.dispose();
  });

  it.each([0.1, 1, 3])('FGM L2 moves by exactly ε along w/‖w‖ (ε = %f)', (epsilon) => {
    const { x: clean, proposal } = proposeDirect({ classifier, x, labels, type: 'fgsm', norm: 'l2', budget: epsilon });
    const adversarial = proposal.dataSync();
    const length = Math.hypot(...w);
    for (let i = 0; i < x.length; i++) {
      expect(adversarial[i]! - x[i]!).toBeCloseTo((epsilon * w[i % w.length]!) / length, 5);
    }
    clean.dispose();
    proposal.dispose();
  });

  it('PGD with a small step does not jump to the ε boundary in one step (B12)', () => {
    const { x: clean, proposal } = proposeDirect({
      classifier, x, labels, type: 'pgd', norm: 'linf', budget: 0.5, params: { steps: 1, stepSize: 0.01, randomStart: false },
    });
    const adversarial = proposal.dataSync();
    for (let i = 0; i < x.length; i++) expect(Math.abs(adversarial[i]! - x[i]!)).toBeCloseTo(0.01, 6);
    clean.dispose();
    proposal.dispose();
  });

  it('leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const { x: clean, proposal } = proposeDirect({ classifier, x, labels, type: 'pgd', norm: 'l2', budget: 0.3, params: { steps: 5 } });
    clean.dispose();
    proposal.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
