import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackLoss } from '../../attacks/core/loss.js';
import { decodeNpz } from '../../src/data/npz.js';
import { selectBackend } from '../../src/model/backend.js';
import type { LoadedModel } from '../../src/model/load-model.js';
import type { Norm } from '../../src/tensor/norms.js';
import { runCase } from '../helpers/attack-harness.js';
import { loadBoth, modelSpec, signAgreement } from './engine-agreement-helpers.js';

/**
 * Attack outcomes, not just gradients: the same attack cases through the real runner code on
 * both engines must keep and break exactly the same samples. FGSM and untargeted PGD use the
 * engine's one-call `lossGradient`; targeted PGD feeds targets to it; DeepFool differentiates
 * through `tf.grad` of `classifier.logits`, i.e. the ONNX Runtime custom-gradient op.
 */

const root = resolve(import.meta.dirname, '../..');
/** Samples attacked (the first of the demo set): enough to cover robust and broken rows, fast on 2 shared cores. */
const count = 64;

/** The first `count` demo samples, uint8 pixels rescaled to [0, 1] as the dataset loader does. */
function demoSamples(): { x: Float32Array; labels: Int32Array } {
  const data = decodeNpz(new Uint8Array(readFileSync(resolve(root, 'suites/data/fashion-mnist-test-1k.npz'))), ['x', 'y']);
  const x = Float32Array.from(data.x!.values.subarray(0, count * 784), (value) => value / 255);
  return { x, labels: Int32Array.from(data.y!.values.subarray(0, count)) };
}

/** Indices where two per-sample 0/1 outcome arrays differ. */
function differing(a: Uint8Array, b: Uint8Array): number[] {
  return Array.from(a.keys()).filter((index) => a[index] !== b[index]);
}

let models: { tfjs: LoadedModel; ort: LoadedModel };
let samples: ReturnType<typeof demoSamples>;

beforeAll(async () => {
  // The cpu backend's kernels are the reference the engine was validated against.
  await selectBackend('cpu');
  models = await loadBoth(modelSpec(resolve(root, 'suites/models/fashion-cnn/model.json')));
  samples = demoSamples();
});

afterAll(() => {
  models.tfjs.classifier.dispose();
  models.ort.classifier.dispose();
});

describe('attacks give the same per-sample outcomes on onnxruntime and tfjs (demo CNN, 64 samples)', () => {
  it('the two engines are the ones under test', () => {
    expect(models.tfjs.engine?.engine).toBe('tfjs');
    expect(models.ort.engine?.engine).toBe('onnxruntime');
    // The fast path is what FGSM/PGD use on ONNX Runtime; the tfjs model has none.
    expect(models.ort.classifier.lossGradient).toBeTypeOf('function');
    expect(models.tfjs.classifier.lossGradient).toBeUndefined();
  });

  it('FGSM\'s input: clean cross-entropy gradient signs on the 64 samples differ only at near-zero ties', () => {
    const { tfjs, ort } = { tfjs: models.tfjs.classifier, ort: models.ort.classifier };
    const x = tf.tensor(samples.x, [count, 28, 28, 1]);
    const labels = tf.tensor1d(samples.labels, 'int32');
    try {
      const reference = tf.tidy(() => tf.grad((input: tf.Tensor) => attackLoss(tfjs.logits(input), labels, 'ce').sum())(x).dataSync() as Float32Array);
      const fast = ort.lossGradient!(x, labels, 'ce');
      const actual = fast.gradient.dataSync() as Float32Array;
      tf.dispose([fast.logits, fast.gradient]);
      // Ties: both |g| ≤ 1e-6 × the largest |g| (float32 summation-order noise); every other sign must agree.
      // Measured: 3 of 50,176 signs differ, all among 4,542 such ties; none changed an attack outcome below.
      const { agreement, ties } = signAgreement(actual, reference);
      expect(agreement, `sign agreement outside ${ties} near-zero ties`).toBe(1);
    } finally {
      tf.dispose([x, labels]);
    }
  });

  const cases: Array<{ name: string; type: string; norm: Norm; budget: number; params?: Record<string, unknown>; rows?: number; hits?: boolean }> = [
    { name: 'FGSM L∞ ε 0.03', type: 'fgsm', norm: 'linf', budget: 0.03 },
    { name: 'FGSM L∞ ε 0.1', type: 'fgsm', norm: 'linf', budget: 0.1 },
    { name: 'PGD-10 L∞ ε 0.03, no random start', type: 'pgd', norm: 'linf', budget: 0.03, params: { steps: 10, randomStart: false } },
    { name: 'targeted PGD-10 L∞ ε 0.03 (next class)', type: 'pgd', norm: 'linf', budget: 0.03, params: { steps: 10, randomStart: false, target: 'next' }, rows: 24, hits: true },
    // Through tf.grad of logits (one vector–Jacobian run per candidate class): fewer rows and steps keep it quick.
    { name: 'DeepFool L2 ε 0.5 (tf.grad through the custom-gradient op)', type: 'deepfool', norm: 'l2', budget: 0.5, params: { steps: 5, candidates: 4 }, rows: 12 },
  ];

  for (const entry of cases) {
    it(entry.name, async () => {
      const rows = entry.rows ?? count;
      const x = samples.x.subarray(0, rows * 784);
      const labels = samples.labels.subarray(0, rows);
      const before = tf.memory().numTensors;
      const run = (loaded: LoadedModel) => runCase({ classifier: loaded.classifier, x, labels, type: entry.type, norm: entry.norm, budget: entry.budget, params: entry.params });
      const reference = await run(models.tfjs);
      const actual = await run(models.ort);
      expect(tf.memory().numTensors).toBe(before);
      expect(reference.finished && actual.finished).toBe(true);
      // The attack must matter on these rows, or agreement would say nothing.
      const broken = reference.robust.reduce((sum, value) => sum + (value ? 0 : 1), 0);
      expect(broken, 'samples the attack broke (tfjs)').toBeGreaterThan(0);
      // Measured: 0 differing samples in every case (no near-zero-gradient sign tie decided an outcome).
      expect(differing(actual.robust, reference.robust), 'samples whose robust outcome differs between engines').toEqual([]);
      expect(Array.from(actual.predictions)).toEqual(Array.from(reference.predictions));
      if (entry.hits) {
        expect(actual.hits, 'targeted hits').toBeDefined();
        expect(differing(actual.hits!, reference.hits!), 'samples whose target hit differs').toEqual([]);
      }
    });
  }
});
