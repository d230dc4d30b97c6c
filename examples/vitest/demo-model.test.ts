/**
 * Robustness as a unit test: what a project would write to keep its model's robustness from
 * regressing. Run it with `npx vitest run --config examples/vitest/vitest.config.ts` after
 * `npm run build` (it imports the built package, as a user's project would).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { robustMatchers } from 'robustcheck/vitest';

expect.extend(robustMatchers);

const modelPath = 'suites/models/fashion-cnn/model.json';
const testImages = 'suites/data/fashion-mnist-test-1k.npz';

/** The bundled demo CNN as an in-memory tf.LayersModel (e.g. what your training code holds). */
async function loadDemoModel(): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(modelPath, 'utf8'));
  const weights = readFileSync(modelPath.replace('model.json', 'weights.bin'));
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  }));
}

describe('Fashion-MNIST CNN', () => {
  it('keeps 60 % robust accuracy under PGD at ε = 0.01 (L∞)', async () => {
    await expect(modelPath).toBeRobust({
      attack: 'pgd', norm: 'linf', epsilon: 0.01, params: { steps: 10 }, minAccuracy: 0.6, data: testImages, samples: 100,
    });
  });

  it('keeps 80 % under Gaussian noise of L2 norm 1, on in-memory arrays', async () => {
    const model = await loadDemoModel();
    // 100 uniform-noise images labelled by the model: robustness as prediction stability.
    const x = tf.tidy(() => tf.randomUniform([100, 28, 28, 1], 0, 1, 'float32', 7));
    try {
      await expect(model).toBeRobust({ attack: 'gaussian-noise', norm: 'l2', epsilon: 1, minAccuracy: 0.8, data: { x } });
    } finally {
      x.dispose();
      model.dispose();
    }
  });

  describe('a weakened copy (weights perturbed by noise of their own standard deviation)', () => {
    let weakened: tf.LayersModel;
    beforeAll(async () => {
      weakened = await loadDemoModel();
      const noisy = weakened.getWeights().map((weight, i) => tf.tidy(() =>
        weight.add(tf.randomNormal(weight.shape, 0, 1, 'float32', 100 + i).mul(tf.moments(weight).variance.sqrt()))));
      weakened.setWeights(noisy);
      tf.dispose(noisy);
    });

    it('is caught: it no longer clears the PGD floor', async () => {
      await expect(weakened).not.toBeRobust({
        attack: 'pgd', norm: 'linf', epsilon: 0.01, params: { steps: 10 }, minAccuracy: 0.6, data: testImages, samples: 100,
      });
    });
  });
});
