import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { translateLayersModel } from '../../../src/engine/translate/index.js';
import { mulberry32 } from '../../helpers/mulberry32.js';
import { expectForward, gradientGraphSize, randomBatch, relativeDifference, runForward, runTfjs } from './compare.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Replaces every weight with seeded values (variances kept positive) so batch norms and biases are not identities. */
function randomiseWeights(model: tf.LayersModel, seed: number): void {
  const random = mulberry32(seed);
  // getWeights() returns the variables themselves: read their shapes, never dispose them.
  const current = model.getWeights();
  const weights = model.weights.map((variable, index) => {
    const shape = current[index]!.shape;
    const size = shape.reduce((a, b) => a * b, 1);
    const variance = variable.originalName.endsWith('variance');
    const data = Float32Array.from({ length: size }, () => (variance ? 0.5 + random() : (random() * 2 - 1) * 0.8));
    return tf.tensor(data, shape);
  });
  model.setWeights(weights);
  tf.dispose(weights);
}

function expectMatch(model: tf.LayersModel, samples: number, seed: number): number {
  const forward = expectForward(translateLayersModel(model));
  expect(gradientGraphSize(forward)).toBeGreaterThan(forward.graph.nodes.length);
  const batch = randomBatch(forward.sampleShape, samples, seed);
  const reference = runTfjs((x) => model.apply(x, { training: false }) as tf.Tensor, batch);
  const actual = runForward(forward, batch);
  expect(actual.dims).toEqual(reference.dims);
  return relativeDifference(reference.data, actual.data);
}

describe('Keras layers translate to ONNX and match tfjs cpu', () => {
  it('a functional model with convolutions, batch norm, pooling, padding, merges and dense heads', () => {
    const input = tf.input({ shape: [12, 12, 3] });
    const scaled = tf.layers.rescaling({ scale: 2, offset: -1 }).apply(input) as tf.SymbolicTensor;
    const stem = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(scaled) as tf.SymbolicTensor;
    const normed = tf.layers.batchNormalization({ epsilon: 0.01 }).apply(stem) as tf.SymbolicTensor;
    const depthwise = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthMultiplier: 2, activation: 'relu6' }).apply(normed) as tf.SymbolicTensor;
    const dilated = tf.layers.conv2d({ filters: 8, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'selu' }).apply(depthwise) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([depthwise, dilated]) as tf.SymbolicTensor;
    const prelu = tf.layers.prelu({ sharedAxes: [1, 2] }).apply(sum) as tf.SymbolicTensor;
    const separable = tf.layers.separableConv2d({ filters: 6, kernelSize: 3, padding: 'valid', activation: 'elu' }).apply(prelu) as tf.SymbolicTensor;
    const padded = tf.layers.zeroPadding2d({ padding: [[1, 0], [0, 1]] }).apply(separable) as tf.SymbolicTensor;
    const maxPool = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(padded) as tf.SymbolicTensor;
    const avgPool = tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(padded) as tf.SymbolicTensor;
    const highest = tf.layers.maximum().apply([maxPool, avgPool]) as tf.SymbolicTensor;
    const lowest = tf.layers.minimum().apply([maxPool, tf.layers.activation({ activation: 'tanh' }).apply(avgPool) as tf.SymbolicTensor]) as tf.SymbolicTensor;
    const product = tf.layers.multiply().apply([maxPool, tf.layers.activation({ activation: 'sigmoid' }).apply(avgPool) as tf.SymbolicTensor]) as tf.SymbolicTensor;
    const mean = tf.layers.average().apply([highest, lowest, product]) as tf.SymbolicTensor;
    // The padded value also feeds the pools, so its Pad stays while this conv pads by itself.
    const paddedConv = tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }).apply(padded) as tf.SymbolicTensor;
    const joined = tf.layers.concatenate().apply([mean, tf.layers.leakyReLU({ alpha: 0.1 }).apply(maxPool) as tf.SymbolicTensor, paddedConv]) as tf.SymbolicTensor;
    const gap = tf.layers.globalAveragePooling2d({}).apply(joined) as tf.SymbolicTensor;
    const gmp = tf.layers.globalMaxPooling2d({}).apply(tf.layers.reLU({ maxValue: 0.5 }).apply(joined) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const flat = tf.layers.flatten().apply(tf.layers.permute({ dims: [2, 1, 3] }).apply(joined) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const features = tf.layers.concatenate().apply([gap, gmp, tf.layers.dense({ units: 6, activation: 'swish' }).apply(flat) as tf.SymbolicTensor]) as tf.SymbolicTensor;
    const dropped = tf.layers.dropout({ rate: 0.5 }).apply(features) as tf.SymbolicTensor;
    const hidden = tf.layers.dense({ units: 8, activation: 'tanh' }).apply(dropped) as tf.SymbolicTensor;
    const hard = tf.layers.activation({ activation: 'hardSigmoid' }).apply(tf.layers.elu().apply(hidden) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const logits = tf.layers.dense({ units: 5 }).apply(hard) as tf.SymbolicTensor;
    const output = tf.layers.softmax().apply(logits) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    try {
      randomiseWeights(model, 21);
      const difference = expectMatch(model, 4, 9);
      console.log(`functional Keras model: max relative difference ${difference.toExponential(2)}`);
      expect(difference).toBeLessThan(1e-4);
    } finally {
      model.dispose();
    }
  });

  it('a Sequential model nested in a functional one, a shared layer, a zero padding folded into a conv, Reshape/Cropping/SpatialDropout', () => {
    const block = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [10, 10, 2], filters: 3, kernelSize: 2, padding: 'valid', useBias: false }),
        tf.layers.batchNormalization({ center: false }),
        tf.layers.activation({ activation: 'relu' }),
      ],
    });
    const input = tf.input({ shape: [10, 10, 2] });
    const shared = tf.layers.dense({ units: 3, activation: 'linear' });
    const padded = tf.layers.zeroPadding2d({ padding: [[2, 1], [0, 3]] }).apply(input) as tf.SymbolicTensor;
    const narrowed = tf.layers.conv2d({ filters: 2, kernelSize: 4, padding: 'valid', activation: 'tanh' }).apply(padded) as tf.SymbolicTensor;
    const features = block.apply(narrowed) as tf.SymbolicTensor;
    const cropped = tf.layers.cropping2D({ cropping: [[1, 2], [0, 1]] }).apply(features) as tf.SymbolicTensor;
    const reshaped = tf.layers.reshape({ targetShape: [6 * 8, 3] }).apply(cropped) as tf.SymbolicTensor;
    const spatial = tf.layers.spatialDropout1d({ rate: 0.3 }).apply(reshaped) as tf.SymbolicTensor;
    const once = shared.apply(spatial) as tf.SymbolicTensor;
    const twice = shared.apply(once) as tf.SymbolicTensor;
    const flat = tf.layers.flatten().apply(twice) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(flat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    try {
      randomiseWeights(model, 5);
      const difference = expectMatch(model, 3, 2);
      const translation = translateLayersModel(model);
      expect(translation.ok && translation.forward.graph.nodes.map((node) => node.op)).not.toContain('Pad');
      console.log(`nested/shared Keras model: max relative difference ${difference.toExponential(2)}`);
      expect(difference).toBeLessThan(1e-4);
    } finally {
      model.dispose();
    }
  });

  it('a 1-D model: Conv1D (strided, dilated), 1-D pools and global pools', () => {
    const input = tf.input({ shape: [20, 3] });
    const first = tf.layers.conv1d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(input) as tf.SymbolicTensor;
    const second = tf.layers.conv1d({ filters: 5, kernelSize: 2, dilationRate: 2, padding: 'valid', activation: 'tanh' }).apply(first) as tf.SymbolicTensor;
    const maxPool = tf.layers.maxPooling1d({ poolSize: 2 }).apply(second) as tf.SymbolicTensor;
    const avgPool = tf.layers.averagePooling1d({ poolSize: 3, strides: 1, padding: 'same' }).apply(maxPool) as tf.SymbolicTensor;
    const pooled = tf.layers.concatenate().apply([
      tf.layers.globalAveragePooling1d().apply(avgPool) as tf.SymbolicTensor,
      tf.layers.globalMaxPooling1d().apply(maxPool) as tf.SymbolicTensor,
    ]) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(pooled) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    try {
      randomiseWeights(model, 8);
      const difference = expectMatch(model, 4, 3);
      console.log(`1-D Keras model: max relative difference ${difference.toExponential(2)}`);
      expect(difference).toBeLessThan(1e-4);
    } finally {
      model.dispose();
    }
  });
});
