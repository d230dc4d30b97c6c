import * as tf from '@tensorflow/tfjs';
import { inputGradient, noGradientCode } from '../../attacks/core/loss.js';
import { RobustcheckError } from '../errors.js';
import type { Classifier } from '../model/classifier.js';
import { examplesPerCase, type AdversarialExample } from '../report/report-types.js';
import { tidyValues } from '../tensor/tidy-values.js';

/** `[height, width, channels]` when inputs are images (1 or 3 channels), else undefined. */
export function imageShape(inputShape: number[]): [number, number, number] | undefined {
  if (inputShape.length === 2) return [inputShape[0]!, inputShape[1]!, 1];
  if (inputShape.length === 3 && (inputShape[2] === 1 || inputShape[2] === 3)) return inputShape as [number, number, number];
  return undefined;
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function quantize(values: ArrayLike<number>, low: number, high: number): Uint8Array {
  const span = high - low || 1;
  return Uint8Array.from(values, (value) => Math.round(Math.min(1, Math.max(0, (value - low) / span)) * 255));
}

/** |∂CE/∂x| source; zeros for a model without input gradients (noise must still get its examples). */
function saliencyGradient(classifier: Classifier, x: tf.Tensor, oneHot: tf.Tensor): tf.Tensor {
  try {
    return inputGradient((inputs: tf.Tensor) => classifier.logits(inputs).logSoftmax().mul(oneHot).sum().neg() as tf.Scalar, x);
  } catch (error) {
    if (error instanceof RobustcheckError && error.code === noGradientCode) return tf.zerosLike(x);
    throw error;
  }
}

/**
 * Builds display examples for chosen rows of a batch: quantised clean and perturbed images, the
 * amplified perturbation, and the gradient saliency |∂CE/∂x| of the clean input, with labels,
 * predictions and softmax confidences. Returns [] for non-image inputs.
 */
export function captureExamples(input: {
  classifier: Classifier;
  rows: number[];
  sampleIndices: number[];
  clean: Float32Array;
  adversarial: Float32Array;
  labels: Int32Array;
}): AdversarialExample[] {
  const shape = imageShape(input.classifier.inputShape);
  if (!shape || input.rows.length === 0) return [];
  const { classifier } = input;
  const length = shape[0] * shape[1] * shape[2];
  const [low, high] = classifier.inputRange;
  const pick = (source: Float32Array) => {
    const out = new Float32Array(input.rows.length * length);
    input.rows.forEach((row, k) => out.set(source.subarray(row * length, (row + 1) * length), k * length));
    return out;
  };
  const clean = pick(input.clean);
  const adversarial = pick(input.adversarial);
  const labels = Int32Array.from(input.rows, (row) => input.labels[row]!);
  const [cleanProbabilities, adversarialProbabilities, saliency] = tidyValues(() => {
    const batchShape = [input.rows.length, ...classifier.inputShape];
    const x = tf.tensor(clean, batchShape);
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), classifier.numClasses);
    const gradient = saliencyGradient(classifier, x, oneHot);
    return [
      classifier.logits(x).softmax().dataSync() as Float32Array,
      classifier.logits(tf.tensor(adversarial, batchShape)).softmax().dataSync() as Float32Array,
      gradient.abs().dataSync() as Float32Array,
    ] as const;
  });
  const classes = classifier.numClasses;
  const top = (probabilities: Float32Array, k: number) => {
    const row = probabilities.subarray(k * classes, (k + 1) * classes);
    let best = 0;
    for (let j = 1; j < classes; j++) if (row[j]! > row[best]!) best = j;
    return { prediction: best, confidence: row[best]! };
  };
  return input.rows.map((row, k) => {
    const slice = (source: Float32Array) => source.subarray(k * length, (k + 1) * length);
    const delta = Float32Array.from(slice(adversarial), (value, i) => value - slice(clean)[i]!);
    const deltaMax = delta.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    const saliencyMax = slice(saliency).reduce((max, value) => Math.max(max, value), 0);
    const cleanTop = top(cleanProbabilities, k);
    const adversarialTop = top(adversarialProbabilities, k);
    return {
      index: input.sampleIndices[row]!,
      label: labels[k]!,
      cleanPrediction: cleanTop.prediction,
      adversarialPrediction: adversarialTop.prediction,
      cleanConfidence: cleanTop.confidence,
      adversarialConfidence: adversarialTop.confidence,
      shape,
      clean: toBase64(quantize(slice(clean), low, high)),
      adversarial: toBase64(quantize(slice(adversarial), low, high)),
      perturbation: toBase64(Uint8Array.from(delta, (value) => Math.round(128 + (deltaMax > 0 ? (127 * value) / deltaMax : 0)))),
      perturbationMax: deltaMax,
      saliency: toBase64(quantize(slice(saliency), 0, saliencyMax || 1)),
    };
  });
}

/** A sample a case may show as an example, as raw float32 rows: captured only once chosen. */
export interface ExampleCandidate {
  /** Dataset index. */
  index: number;
  label: number;
  clean: Float32Array;
  adversarial: Float32Array;
}

/** The first (up to {@link examplesPerCase}) broken and unbroken samples of a chunk of a case, in sample order. */
export interface ExampleCandidates {
  broken: ExampleCandidate[];
  robust: ExampleCandidate[];
}

/**
 * The examples a case reports from candidates gathered over consecutive chunks of its samples:
 * the first broken ones in sample order, topped up with the first unbroken ones — the same choice
 * whether the case ran in one piece or split across workers.
 */
export function chooseExamples(chunks: ExampleCandidates[]): ExampleCandidate[] {
  return [...chunks.flatMap((chunk) => chunk.broken), ...chunks.flatMap((chunk) => chunk.robust)].slice(0, examplesPerCase);
}

/**
 * Captures the chosen candidates (see {@link captureExamples}) in one batch. Capturing only the
 * chosen few keeps the saliency gradients off every chunk a case is split into.
 */
export function captureCandidates(classifier: Classifier, chosen: ExampleCandidate[]): AdversarialExample[] {
  if (chosen.length === 0) return [];
  const length = chosen[0]!.clean.length;
  const pack = (pick: (candidate: ExampleCandidate) => Float32Array) => {
    const out = new Float32Array(chosen.length * length);
    chosen.forEach((candidate, k) => out.set(pick(candidate), k * length));
    return out;
  };
  return captureExamples({
    classifier, rows: chosen.map((_, k) => k), sampleIndices: chosen.map((candidate) => candidate.index),
    clean: pack((candidate) => candidate.clean), adversarial: pack((candidate) => candidate.adversarial),
    labels: Int32Array.from(chosen, (candidate) => candidate.label),
  });
}
