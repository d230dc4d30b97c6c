import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeGraphWeights, translateGraphModel } from '../../../src/engine/translate/index.js';
import { opCoverageGraph } from '../fixtures/op-coverage-graph.js';
import { expectForward, gradientGraphSize, randomBatch, relativeDifference, runForward, runTfjs } from './compare.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('GraphDef op coverage', () => {
  it('a graph of every translated op form matches tfjs cpu', async () => {
    const graph = await opCoverageGraph();
    try {
      const weights = decodeGraphWeights(graph.weightSpecs, graph.weightData);
      const forward = expectForward(translateGraphModel({ nodes: graph.nodes, weights, inputName: 'input', outputName: 'Identity' }));
      // Shape arithmetic folds: no Shape, Pack or int-typed op reaches the ONNX graph.
      expect(forward.graph.nodes.map((node) => node.op)).not.toContain('Shape');
      expect(gradientGraphSize(forward)).toBeGreaterThan(forward.graph.nodes.length);
      const batch = randomBatch(forward.sampleShape, 5, 8, -1, 1);
      const reference = runTfjs((x) => graph.model.execute({ input: x }, 'Identity') as tf.Tensor, batch);
      const actual = runForward(forward, batch);
      expect(actual.dims).toEqual([5, 5]);
      const difference = relativeDifference(reference.data, actual.data);
      console.log(`op-coverage GraphDef: max relative difference ${difference.toExponential(2)}`);
      expect(difference).toBeLessThan(1e-4);
    } finally {
      graph.model.dispose();
    }
  });
});
