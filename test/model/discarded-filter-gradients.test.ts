import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputGradient } from '../../attacks/core/loss.js';
import { selectBackend } from '../../src/model/backend.js';
import { withInputGradientsOnly } from '../../src/model/kernels/discarded-filter-gradients.js';

/**
 * Input gradients skip the filter gradients tfjs's fused convolutions compute and discard: the
 * input gradient is unchanged, the filter-gradient kernels never run inside the scope, and a
 * filter gradient asked for outside it (training) is still computed.
 */

const random = seedrandom('discarded-filter-gradients');
const values = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() * 2 - 1), shape);

const x = () => values([2, 9, 9, 3]);
const filter = values([3, 3, 3, 4]);
const depthwiseFilter = values([3, 3, 4, 2]);
const bias = values([4]);
const depthwiseBias = values([8]);
/**
 * A converter-style block: fused conv + bias, ReLU, fused depthwise conv + bias. tfjs keeps
 * fused ops fused under a gradient tape only with a linear activation (`BiasAdd` alone, as the
 * converter often emits them), and those are the ones whose backward pass computes the filter
 * gradient too.
 */
const block = (input: tf.Tensor, weights = filter) => tf.tidy(() => {
  const conv = tf.fused.conv2d({ x: input as tf.Tensor4D, filter: weights as tf.Tensor4D, strides: 2, pad: 'same', bias, activation: 'linear' }).relu();
  return tf.fused.depthwiseConv2d({ x: conv as tf.Tensor4D, filter: depthwiseFilter as tf.Tensor4D, strides: 1, pad: 'valid', bias: depthwiseBias, activation: 'linear' })
    .square().sum() as tf.Scalar;
});

/** Kernel names run by `f`, as tfjs's profiler records them. */
async function kernelsOf(f: () => tf.Tensor): Promise<string[]> {
  const profile = await tf.profile(() => f());
  return profile.kernelNames;
}

describe.each(['wasm', 'cpu'] as const)('filter gradients on %s', (backend) => {
  let input: tf.Tensor;
  beforeAll(async () => {
    await selectBackend(backend);
    input = x();
  });
  afterAll(() => input.dispose());

  it('the input gradient equals a full backward pass', () => {
    const full = tf.grad((value: tf.Tensor) => block(value))(input);
    const skipped = inputGradient((value) => block(value), input);
    expect(tf.tidy(() => full.sub(skipped).abs().max().dataSync()[0])).toBe(0);
    expect(tf.tidy(() => full.abs().max().dataSync()[0])).toBeGreaterThan(0);
    tf.dispose([full, skipped]);
  });

  it('inside the scope the filter-gradient kernels return zeros; outside they compute, and no tensor is left behind', () => {
    const filterGradient = () => tf.grad((weights: tf.Tensor) => block(input, weights))(filter);
    const depthwiseGradient = () => tf.grad((weights: tf.Tensor) => tf.tidy(() => tf.fused.depthwiseConv2d({
      x: input as tf.Tensor4D, filter: weights as tf.Tensor4D, strides: 1, pad: 'valid', bias: values([6]), activation: 'linear',
    }).square().sum() as tf.Scalar))(values([3, 3, 3, 2]));
    const largest = (compute: () => tf.Tensor) => tf.tidy(() => compute().abs().max().dataSync()[0]!);
    largest(filterGradient);
    const before = tf.memory().numTensors;
    expect(largest(filterGradient)).toBeGreaterThan(0);
    expect(withInputGradientsOnly(() => largest(filterGradient))).toBe(0);
    expect(withInputGradientsOnly(() => largest(depthwiseGradient))).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
