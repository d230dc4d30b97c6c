import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGraphWeights, translateGraphModel } from '../../../src/engine/translate/index.js';
import { loadHumanModel } from '../fixtures/human-models.js';
import type { LoadedGraphModel } from '../fixtures/model-artifacts.js';
import { expectForward, randomBatch, relativeDifference, runForward, runTfjs } from './compare.js';

/**
 * Real converted classifiers: depthwise/fused (emotion, gender), float16-quantised single
 * sigmoid (antispoof), Mul/Add batch norms (liveness), AvgPool/Tanh/StridedSlice/RealDiv
 * (age, gender-ssrnet-imdb), Pad/Maximum/Minimum (mobileface), several outputs of one graph
 * (faceres, float16-quantised).
 */
/** `model`: weights read from the loaded GraphModel (what the engine does); `decode`: decoded from the artifacts once. */
type WeightSource = 'model' | 'decode';

const cases: Array<{ name: string; input: string; outputs: string[]; samples: number; high?: number; weightsFrom?: WeightSource }> = [
  { name: 'emotion', input: 'input_1:0', outputs: ['Identity:0'], samples: 4 },
  { name: 'gender', input: 'input_1:0', outputs: ['Identity:0'], samples: 4 },
  { name: 'antispoof', input: 'conv2d_input', outputs: ['activation_4'], samples: 3, weightsFrom: 'model' },
  { name: 'liveness', input: 'conv2d_1_input', outputs: ['activation_6'], samples: 4 },
  // The SSR-Net models read raw pixel values.
  { name: 'age', input: 'input_1:0', outputs: ['Identity:0'], samples: 4, high: 255 },
  { name: 'gender-ssrnet-imdb', input: 'input_4:0', outputs: ['Identity:0'], samples: 4, high: 255 },
  { name: 'mobileface', input: 'data:0', outputs: ['batchnorm0/add_1:0'], samples: 2 },
  { name: 'faceres', input: 'input_1', outputs: ['gender_pred/Sigmoid:0', 'age_pred/Softmax:0', 'global_pooling/Mean'], samples: 1, weightsFrom: 'model' },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('human-models GraphModels translate to ONNX forward graphs that match tfjs cpu', () => {
  for (const { name, input, outputs, samples, high = 1, weightsFrom = 'decode' } of cases) {
    describe(name, () => {
      let loaded: LoadedGraphModel;
      beforeAll(async () => {
        loaded = await loadHumanModel(name);
      });
      afterAll(() => loaded?.model.dispose());

      for (const output of outputs) {
        it(`${output} matches within 1e-4 relative on random inputs in [0, ${high}]`, () => {
          const weights = weightsFrom === 'decode' ? decodeGraphWeights(loaded.artifacts.weightSpecs!, loaded.artifacts.weightData as ArrayBuffer) : undefined;
          const forward = expectForward(translateGraphModel({ nodes: loaded.nodes, weights, model: loaded.model, inputName: input, outputName: output }));
          const batch = randomBatch(forward.sampleShape, samples, 7, 0, high);
          const reference = runTfjs((x) => loaded.model.execute({ [input]: x }, output) as tf.Tensor, batch);
          const actual = runForward(forward, batch);
          expect(actual.dims).toEqual(reference.dims);
          const difference = relativeDifference(reference.data, actual.data);
          const spread = Math.max(...reference.data) - Math.min(...reference.data);
          console.log(`${name} ${output}: max relative difference ${difference.toExponential(2)} over ${reference.data.length} outputs (output spread ${spread.toExponential(2)})`);
          expect(difference).toBeLessThan(1e-4);
        });
      }
    });
  }
});
