import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGraphWeights, translateGraphModel } from '../../../src/engine/translate/index.js';
import { loadHumanModel } from '../fixtures/human-models.js';
import type { LoadedGraphModel } from '../fixtures/model-artifacts.js';
import { expectForward, randomBatch, relativeDifference, runForward, runTfjs } from './compare.js';

/**
 * Real converted classifiers: depthwise/fused (emotion, gender), float16-quantised single
 * sigmoid (antispoof), Mul/Add batch norms (liveness), AvgPool/Tanh/StridedSlice/RealDiv
 * (age, gender-ssrnet-imdb), Pad/Maximum/Minimum (mobileface), multi-output (faceres).
 */
const cases: Array<{ name: string; input: string; output: string; samples: number }> = [
  { name: 'emotion', input: 'input_1:0', output: 'Identity:0', samples: 4 },
  { name: 'gender', input: 'input_1:0', output: 'Identity:0', samples: 4 },
  { name: 'antispoof', input: 'conv2d_input', output: 'activation_4', samples: 3 },
  { name: 'liveness', input: 'conv2d_1_input', output: 'activation_6', samples: 4 },
  { name: 'age', input: 'input_1:0', output: 'Identity:0', samples: 4 },
  { name: 'gender-ssrnet-imdb', input: 'input_4:0', output: 'Identity:0', samples: 4 },
  { name: 'mobileface', input: 'data:0', output: 'batchnorm0/add_1:0', samples: 2 },
  { name: 'faceres', input: 'input_1', output: 'gender_pred/Sigmoid:0', samples: 2 },
  { name: 'faceres', input: 'input_1', output: 'age_pred/Softmax:0', samples: 2 },
  { name: 'faceres', input: 'input_1', output: 'global_pooling/Mean', samples: 2 },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('human-models GraphModels translate to ONNX forward graphs that match tfjs cpu', () => {
  for (const { name, input, output, samples } of cases) {
    describe(`${name} → ${output}`, () => {
      let loaded: LoadedGraphModel;
      beforeAll(async () => {
        loaded = await loadHumanModel(name);
      });
      afterAll(() => loaded?.model.dispose());

      it('matches within 1e-4 relative on random inputs in [0, 1]', () => {
        const weights = decodeGraphWeights(loaded.artifacts.weightSpecs!, loaded.artifacts.weightData as ArrayBuffer);
        const forward = expectForward(translateGraphModel({
          nodes: loaded.nodes, weights, inputName: input, outputName: output, signature: loaded.model.modelSignature as never,
        }));
        const batch = randomBatch(forward.sampleShape, samples, 7);
        const reference = runTfjs((x) => loaded.model.execute({ [input]: x }, output) as tf.Tensor, batch);
        const actual = runForward(forward, batch);
        expect(actual.dims).toEqual(reference.dims);
        const difference = relativeDifference(reference.data, actual.data);
        const spread = Math.max(...reference.data) - Math.min(...reference.data);
        console.log(`${name} ${output}: max relative difference ${difference.toExponential(2)} over ${reference.data.length} outputs (spread ${spread.toExponential(2)}; first ${reference.data[0]})`);
        expect(difference).toBeLessThan(1e-4);
      });
    });
  }
});
