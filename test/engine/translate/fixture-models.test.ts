import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGraphWeights, translateGraphModel, translateLayersModel } from '../../../src/engine/translate/index.js';
import { writeConvertedGraphModel, type ConvertedHead } from '../../fixtures/models/converted-graph-fixture.js';
import { writeGraphModelFixture } from '../../fixtures/models/graph-model-fixture.js';
import { loadGraphModelFile, loadLayersModelFile } from '../fixtures/model-artifacts.js';
import { expectForward, randomBatch, relativeDifference, runForward, runTfjs } from './compare.js';

const tolerance = 1e-4;
let dir: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'translate-fixtures-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo LayersModel (fashion-cnn)', () => {
  it('translates to a graph whose logits match tfjs cpu', async () => {
    const model = await loadLayersModelFile(join('suites', 'models', 'fashion-cnn', 'model.json'));
    try {
      const forward = expectForward(translateLayersModel(model));
      expect(forward.sampleShape).toEqual([28, 28, 1]);
      expect(forward.units).toBe(10);
      // One Transpose at the input edge; Flatten reads the NCHW layout through permuted Dense rows.
      expect(forward.graph.nodes.filter((node) => node.op === 'Transpose')).toHaveLength(1);
      const batch = randomBatch(forward.sampleShape, 5, 3);
      const reference = runTfjs((x) => model.apply(x, { training: false }) as tf.Tensor, batch);
      const difference = relativeDifference(reference.data, runForward(forward, batch).data);
      console.log(`fashion-cnn: max relative difference ${difference.toExponential(2)}`);
      expect(difference).toBeLessThan(tolerance);
    } finally {
      model.dispose();
    }
  });

  it('folds the preprocessing affine in front of the model', async () => {
    const model = await loadLayersModelFile(join('suites', 'models', 'fashion-cnn', 'model.json'));
    try {
      const scale = Float32Array.of(1 / 0.353);
      const shift = Float32Array.of(-0.286 / 0.353);
      const forward = expectForward(translateLayersModel(model, { preprocess: { scale, shift } }));
      const batch = randomBatch(forward.sampleShape, 3, 4);
      const reference = runTfjs((x) => model.apply(x.mul(scale[0]!).add(shift[0]!), { training: false }) as tf.Tensor, batch);
      expect(relativeDifference(reference.data, runForward(forward, batch).data)).toBeLessThan(tolerance);
    } finally {
      model.dispose();
    }
  });
});

describe('converter-style GraphDef fixtures', () => {
  for (const head of ['softmax', 'sigmoid', 'logits'] satisfies ConvertedHead[]) {
    it(`the fused MobileNet-style CNN with a ${head} head matches tfjs cpu`, async () => {
      const path = writeConvertedGraphModel(join(dir, `converted-${head}`), head);
      const loaded = await loadGraphModelFile(path);
      try {
        const weights = decodeGraphWeights(loaded.artifacts.weightSpecs!, loaded.artifacts.weightData as ArrayBuffer);
        const forward = expectForward(translateGraphModel({ nodes: loaded.nodes, weights, inputName: 'input', outputName: 'output_0', signature: loaded.model.modelSignature as never }));
        expect(forward.units).toBe(head === 'sigmoid' ? 1 : 5);
        const batch = randomBatch(forward.sampleShape, 4, 5);
        const reference = runTfjs((x) => loaded.model.execute({ input: x }, 'output_0') as tf.Tensor, batch);
        const difference = relativeDifference(reference.data, runForward(forward, batch).data);
        console.log(`converted ${head}: max relative difference ${difference.toExponential(2)}`);
        expect(difference).toBeLessThan(tolerance);
      } finally {
        loaded.model.dispose();
      }
    });
  }

  for (const variant of ['conv', 'depthwise'] as const) {
    for (const head of ['logits', 'softmax'] as const) {
      it(`the ${variant} twin fixture (${head}) matches as a GraphModel and as a LayersModel`, async () => {
        const fixture = await writeGraphModelFixture(join(dir, `twin-${variant}-${head}`), { variant, head });
        const loaded = await loadGraphModelFile(fixture.graphModelJson);
        const layers = await loadLayersModelFile(fixture.layersModelJson);
        try {
          // Weights taken from the loaded GraphModel this time (what the engine does).
          const graphForward = expectForward(translateGraphModel({ nodes: loaded.nodes, model: loaded.model, inputName: 'input', outputName: 'output_0' }));
          const layersForward = expectForward(translateLayersModel(layers));
          const batch = randomBatch(fixture.inputShape, 4, 6);
          const reference = runTfjs((x) => loaded.model.execute({ input: x }, 'output_0') as tf.Tensor, batch);
          expect(relativeDifference(reference.data, runForward(graphForward, batch).data)).toBeLessThan(tolerance);
          const layersReference = runTfjs((x) => layers.apply(x, { training: false }) as tf.Tensor, batch);
          expect(relativeDifference(layersReference.data, runForward(layersForward, batch).data)).toBeLessThan(tolerance);
        } finally {
          loaded.model.dispose();
          layers.dispose();
        }
      });
    }
  }
});
