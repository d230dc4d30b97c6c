import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { denseClassifier, fixtureNumbers, randomDense, type DenseWeights } from '../helpers/classifiers.js';
import { proposeDirect, runCase } from '../helpers/attack-harness.js';

/**
 * docs/reliability.md B11: an independent float64 implementation of FGSM and PGD (L∞, no random start)
 * on a one-hidden-layer ReLU MLP, with the input gradient derived by hand — no tfjs, no autodiff:
 *   z1 = xW1 + b1, h = relu(z1), z2 = hW2 + b2, p = softmax(z2)
 *   ∂CE/∂z2 = p − onehot(y); ∂CE/∂h = W2 ∂CE/∂z2; ∂CE/∂z1 = ∂CE/∂h ⊙ 1[z1 > 0]; ∂CE/∂x = W1 ∂CE/∂z1
 * PGD semantics as in DESIGN.md: iterate x_{t+1} = clip(Π_ε(x_t + α sign(g))), a sample is broken
 * as soon as any iterate (including x_0 = x) is misclassified, and that iterate is kept.
 */
function forward(layers: DenseWeights[], x: number[]): { z1: number[]; logits: number[] } {
  const [first, second] = layers as [DenseWeights, DenseWeights];
  const z1 = first.bias.map((b, j) => b + x.reduce((sum, xi, i) => sum + xi * first.weights[i]![j]!, 0));
  const h = z1.map((v) => Math.max(0, v));
  const logits = second.bias.map((b, k) => b + h.reduce((sum, hj, j) => sum + hj * second.weights[j]![k]!, 0));
  return { z1, logits };
}

function inputGradient(layers: DenseWeights[], x: number[], label: number): number[] {
  const [first, second] = layers as [DenseWeights, DenseWeights];
  const { z1, logits } = forward(layers, x);
  const top = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - top));
  const total = exps.reduce((a, b) => a + b, 0);
  const dz2 = exps.map((e, k) => e / total - (k === label ? 1 : 0));
  const dz1 = z1.map((z, j) => (z > 0 ? dz2.reduce((sum, d, k) => sum + d * second.weights[j]![k]!, 0) : 0));
  return x.map((_, i) => dz1.reduce((sum, d, j) => sum + d * first.weights[i]![j]!, 0));
}

function predict(layers: DenseWeights[], x: number[]): number {
  const { logits } = forward(layers, x);
  return logits.indexOf(Math.max(...logits));
}

function referencePgd(layers: DenseWeights[], x: number[], label: number, epsilon: number, steps: number, stepSize: number): number[] {
  let current = [...x];
  for (let step = 0; step <= steps; step++) {
    if (predict(layers, current) !== label) return current;
    if (step === steps) return current;
    const gradient = inputGradient(layers, current, label);
    current = current.map((v, i) => {
      const moved = v + stepSize * Math.sign(gradient[i]!);
      return Math.min(1, Math.max(0, Math.min(x[i]! + epsilon, Math.max(x[i]! - epsilon, moved))));
    });
  }
  return current;
}

const inputSize = 10;
const samples = 40;
const layers = [randomDense(21, inputSize, 12, 1.2), randomDense(22, 12, 3, 1.2)];
const classifier = denseClassifier(layers);
const xFlat = Float32Array.from(fixtureNumbers(5, samples * inputSize), (v) => (v + 1) / 2);
const rows = Array.from({ length: samples }, (_, i) => Array.from(xFlat.subarray(i * inputSize, (i + 1) * inputSize), Number));
const labels = Int32Array.from(rows, (row) => predict(layers, row));

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('float64 reference without tfjs (B11)', () => {
  it('reference gradient matches tfjs autodiff (sanity of the reference itself)', () => {
    const gradient = tf.tidy(() => tf.grad((input: tf.Tensor) =>
      classifier.logits(input).logSoftmax().mul(tf.oneHot(tf.tensor1d(labels, 'int32'), 3)).sum().neg())(tf.tensor2d(xFlat, [samples, inputSize])).arraySync() as number[][]);
    rows.forEach((row, i) => {
      const reference = inputGradient(layers, row, labels[i]!);
      reference.forEach((value, j) => expect(gradient[i]![j]!).toBeCloseTo(value, 4));
    });
  });

  it.each([0.02, 0.08, 0.2])('FGSM adversarials agree within float tolerance (ε = %f)', (epsilon) => {
    const { x, proposal } = proposeDirect({ classifier, x: xFlat, labels, type: 'fgsm', norm: 'linf', budget: epsilon });
    const ours = proposal.arraySync() as number[][];
    rows.forEach((row, i) => {
      const reference = referencePgd(layers, row, labels[i]!, epsilon, 1, epsilon);
      reference.forEach((value, j) => expect(ours[i]![j]!).toBeCloseTo(value, 5));
    });
    x.dispose();
    proposal.dispose();
  });

  it.each([0.03, 0.1])('PGD-20 adversarials and robust accuracy agree (ε = %f)', async (epsilon) => {
    const params = { steps: 20, stepSize: epsilon / 8, randomStart: false };
    const { x, proposal } = proposeDirect({ classifier, x: xFlat, labels, type: 'pgd', norm: 'linf', budget: epsilon, params });
    const ours = proposal.arraySync() as number[][];
    let referenceRobust = 0;
    rows.forEach((row, i) => {
      const reference = referencePgd(layers, row, labels[i]!, epsilon, 20, epsilon / 8);
      if (predict(layers, reference) === labels[i]) referenceRobust++;
      reference.forEach((value, j) => expect(ours[i]![j]!).toBeCloseTo(value, 4));
    });
    x.dispose();
    proposal.dispose();
    const outcome = await runCase({ classifier, x: xFlat, labels, type: 'pgd', norm: 'linf', budget: epsilon, params });
    expect(outcome.robust.reduce((a, b) => a + b, 0)).toBe(referenceRobust);
  });
});
