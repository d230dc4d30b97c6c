import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { denseClassifier } from '../helpers/classifiers.js';
import { runCase } from '../helpers/attack-harness.js';
import { proposeWith } from './support/propose.js';

/**
 * Known answers on a linear two-class model z = [2, w·x] (class 0 true while w·x < 2), inputs far
 * from the box edges. The loss gradient always points along w, so:
 * - BIM and MIM move every coordinate by exactly (steps·α)·sign(w) (momentum cannot change a
 *   constant direction), APGD-L∞ ends on the cube's corner x + ε·sign(w), APGD-L2 near x + ε·w/‖w‖;
 * - the boundary is the hyperplane w·x = 2 at L2 distance d₂ = |w·x − 2|/‖w‖ (L∞: d∞ = |w·x − 2|/‖w‖₁):
 *   DeepFool reaches it in one step and overshoots by 2 %: δ = 1.02·(d + 1e-4)·w/‖w‖ (L∞: ·sign(w));
 *   Carlini–Wagner's minimal adversarial has norm just above d₂.
 */
const w = [0.5, -1.25, 2, -0.25, 1];
const classifier = denseClassifier([{ weights: w.map((value) => [0, value]), bias: [2, 0] }], [-10, 10]);
const x = Float32Array.from([0.1, -0.2, 0.3, 0.05, -0.1, 0.4, 0.0, -0.3, 0.2, 0.1]);
const labels = Int32Array.from([0, 0]);
const rows = [Array.from(x.subarray(0, 5)), Array.from(x.subarray(5))];
const gap = rows.map((row) => 2 - row.reduce((sum, v, i) => sum + v * w[i]!, 0));
const l2 = Math.hypot(...w);
const l1 = w.reduce((sum, v) => sum + Math.abs(v), 0);

beforeAll(async () => {
  await selectBackend('wasm');
});

/** δ of the raw proposal, per sample. */
function deltas(type: string, norm: 'linf' | 'l2', budget: number, params: Record<string, unknown> = {}, method: 'propose' | 'minimize' = 'propose'): number[][] {
  const { x: clean, proposal } = proposeWith({ classifier, x, labels, type, norm, budget, params }, method);
  const values = proposal.dataSync();
  clean.dispose();
  proposal.dispose();
  return [0, 1].map((row) => w.map((_, i) => values[row * 5 + i]! - x[row * 5 + i]!));
}

describe('iterative attacks on a linear model', () => {
  it('BIM: 4 steps of 0.2·ε move each coordinate by exactly 0.8·ε·sign(w)', () => {
    for (const delta of deltas('bim', 'linf', 0.2, { steps: 4 })) delta.forEach((d, i) => expect(d).toBeCloseTo(0.16 * Math.sign(w[i]!), 6));
  });

  it('MIM: momentum keeps the direction; 4 steps of ε/4 reach exactly ε·sign(w) (L∞) and ε·w/‖w‖ (L2)', () => {
    for (const delta of deltas('mim', 'linf', 0.2, { steps: 4 })) delta.forEach((d, i) => expect(d).toBeCloseTo(0.2 * Math.sign(w[i]!), 6));
    for (const delta of deltas('mim', 'l2', 0.3, { steps: 4 })) delta.forEach((d, i) => expect(d).toBeCloseTo((0.3 * w[i]!) / l2, 5));
  });

  it('APGD-L∞ ends on the corner x + ε·sign(w) from its random start; APGD-L2 ends near x + ε·w/‖w‖', () => {
    for (const delta of deltas('apgd', 'linf', 0.2, { steps: 10 })) delta.forEach((d, i) => expect(d).toBeCloseTo(0.2 * Math.sign(w[i]!), 6));
    for (const delta of deltas('apgd', 'l2', 0.3, { steps: 30 })) delta.forEach((d, i) => expect(d).toBeCloseTo((0.3 * w[i]!) / l2, 2));
  });
});

describe('minimisation attacks on a linear model', () => {
  it('DeepFool L2 steps to the hyperplane with 2 % overshoot: δ = 1.02·(d₂ + 1e-4)·w/‖w‖', () => {
    deltas('deepfool', 'l2', 100, {}, 'minimize').forEach((delta, row) => {
      delta.forEach((d, i) => expect(d).toBeCloseTo((1.02 * (gap[row]! / l2 + 1e-4) * w[i]!) / l2, 5));
    });
  });

  it('DeepFool L∞: δ = 1.02·(d∞ + 1e-4)·sign(w)', () => {
    deltas('deepfool', 'linf', 100, {}, 'minimize').forEach((delta, row) => {
      delta.forEach((d, i) => expect(d).toBeCloseTo(1.02 * (gap[row]! / l1 + 1e-4) * Math.sign(w[i]!), 5));
    });
  });

  it('C&W L2 finds an adversarial with norm within 3 % above the exact minimum d₂, along w', () => {
    deltas('cw-l2', 'l2', 100, { binarySearchSteps: 6, steps: 100, stepSize: 0.05 }, 'minimize').forEach((delta, row) => {
      const size = Math.hypot(...delta);
      expect(size).toBeGreaterThanOrEqual(gap[row]! / l2 - 1e-6);
      expect(size).toBeLessThan((gap[row]! / l2) * 1.03);
      const cosine = delta.reduce((sum, d, i) => sum + d * w[i]!, 0) / (size * l2);
      expect(cosine).toBeGreaterThan(0.97); // Adam's per-coordinate steps bend it slightly towards sign(w)
    });
  });

  it('the runner measures the minimal perturbation in float64 and counts it only at ε ≥ its norm', async () => {
    const minimum = 1.02 * (gap[0]! / l2 + 1e-4);
    const below = await runCase({ classifier, x, labels, type: 'deepfool', norm: 'l2', budget: minimum * 0.99 });
    const above = await runCase({ classifier, x, labels, type: 'deepfool', norm: 'l2', budget: minimum * 1.01 });
    expect(below.minimal![0]).toBeCloseTo(minimum, 5);
    expect(above.minimal![0]).toBeCloseTo(minimum, 5);
    expect(below.robust[0]).toBe(1);
    expect(above.robust[0]).toBe(0);
    expect(above.sizes[0]!.l2).toBeCloseTo(minimum, 5);
  });

  it('leaks no tensors', () => {
    const before = tf.memory().numTensors;
    deltas('cw-l2', 'l2', 1, { binarySearchSteps: 2, steps: 5 }, 'minimize');
    deltas('deepfool', 'linf', 1, {}, 'minimize');
    deltas('apgd', 'l2', 1, { steps: 5 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
