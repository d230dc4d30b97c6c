import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { measurePerturbation } from '../../src/metrics/perturbation-size.js';
import { project, roundingMargin } from '../../src/tensor/norms.js';
import { fixtureNumbers } from '../helpers/classifiers.js';

/**
 * docs/reliability.md A1 on realistic sizes: float32 rounding of x + δ over 784 coordinates must not
 * push ‖δ‖ past ε (it did by 1.5e-6 in L1 before the projection kept a rounding margin).
 */
beforeAll(async () => {
  await selectBackend('wasm');
});

describe.each([['l1', [0.5, 5, 20]], ['l2', [0.1, 1, 3]]] as const)('%s projection on 16 × 784 values', (norm, epsilons) => {
  it.each(epsilons)('ε = %f: measured ‖δ‖ ≤ ε + 1e-6, and within the margin of ε', (epsilon) => {
    const n = 16;
    const d = 784;
    const x = Float32Array.from(fixtureNumbers(3, n * d), (v) => (v + 1) / 2);
    const far = Float32Array.from(fixtureNumbers(4, n * d), (v) => (v + 1) / 2);
    const projected = tf.tidy(() => project(tf.tensor(x, [n, d]), tf.tensor(far, [n, d]), epsilon, norm, [0, 1]).dataSync());
    for (let i = 0; i < n; i++) {
      const size = measurePerturbation(x, projected, i * d, d)[norm];
      expect(size).toBeLessThanOrEqual(epsilon + 1e-6);
      expect(size).toBeGreaterThan(epsilon - 2 * roundingMargin(norm, d, [0, 1]) - 1e-6);
    }
  });
});
