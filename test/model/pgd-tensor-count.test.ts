import * as tf from '@tensorflow/tfjs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { loadClassifier } from '../../src/model/load-model.js';
import { proposeDirect } from '../helpers/attack-harness.js';

/** Issue "Performance", Done 4: no tensor count grows over 100 PGD steps on the demo CNN (wasm, custom kernels). */
beforeAll(async () => {
  await selectBackend('wasm');
});

describe('PGD-100 on the demo CNN', () => {
  it('leaves tf.memory().numTensors where it started', async () => {
    const { classifier } = await loadClassifier({
      path: resolve(import.meta.dirname, '../../suites/models/fashion-cnn/model.json'), inputRange: [0, 1], format: 'auto', output: 'auto',
    });
    const n = 4;
    const x = Float32Array.from({ length: n * 784 }, (_, i) => ((i * 7919) % 255) / 255);
    const labels = tf.tidy(() => classifier.logits(tf.tensor(x, [n, 28, 28, 1])).argMax(1).dataSync() as Int32Array);
    const before = tf.memory().numTensors;
    // ε = 0.001 breaks (almost) no sample, so the loop runs all 100 steps.
    const { x: clean, proposal } = proposeDirect({
      classifier, x, labels, type: 'pgd', norm: 'linf', budget: 0.001, params: { steps: 100, randomStart: true, relativeStepSize: 0.01 },
    });
    clean.dispose();
    proposal.dispose();
    expect(tf.memory().numTensors).toBe(before);
    classifier.dispose();
  });
});
