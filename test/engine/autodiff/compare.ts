import * as tf from '@tensorflow/tfjs';
import { attackLoss } from '../../../attacks/core/loss.js';
import { buildGradientGraph } from '../../../src/engine/autodiff/index.js';
import type { GradientSpec } from '../../../src/engine/autodiff/index.js';
import { OrtSession } from '../../../src/engine/ort/ort-session.js';
import { outputToLogits } from '../../../src/model/output-kind.js';
import { mulberry32 } from '../../helpers/mulberry32.js';
import type { DualModel } from './dual-model.js';

/** How far the ONNX Runtime result is from tfjs: max |a − b| relative to max |b|. */
export interface Difference {
  maxAbs: number;
  relative: number;
}

/** Logits, loss and gradient differences, and the share of gradient entries with the same sign. */
export interface Comparison {
  logits: Difference;
  loss: Difference;
  gradient: Difference;
  signAgreement: number;
  /** Gradient entries whose signs differ (for messages). */
  signMismatches: number;
}

function difference(actual: ArrayLike<number>, expected: ArrayLike<number>): Difference {
  let maxAbs = 0;
  let scale = 0;
  for (let index = 0; index < expected.length; index++) {
    maxAbs = Math.max(maxAbs, Math.abs(actual[index]! - expected[index]!));
    scale = Math.max(scale, Math.abs(expected[index]!));
  }
  if (actual.length !== expected.length || Number.isNaN(maxAbs)) return { maxAbs: Infinity, relative: Infinity };
  return { maxAbs, relative: scale === 0 ? maxAbs : maxAbs / scale };
}

/** Input images with flat regions (ties in max pools), plateaus and texture. */
export function tiedImages(batch: number, sample: number[], seed = 5): Float32Array {
  const random = mulberry32(seed);
  const count = sample.reduce((a, b) => a * b, 1);
  const data = new Float32Array(batch * count);
  for (let index = 0; index < data.length; index++) {
    const u = random();
    // A third zero background, a third on four grey levels, a third continuous.
    data[index] = u < 0.33 ? 0 : u < 0.66 ? Math.floor(random() * 4) / 4 : random();
  }
  return data;
}

/** Class indices (i·stride + shift) mod classes. */
export function classRows(batch: number, classes: number, shift: number): number[] {
  return Array.from({ length: batch }, (_, row) => (row * 3 + shift) % classes);
}

function oneHot(indices: number[], classes: number): Float32Array {
  const rows = new Float32Array(indices.length * classes);
  indices.forEach((index, row) => { rows[row * classes + index] = 1; });
  return rows;
}

/**
 * Runs the gradient graph of `model` in ONNX Runtime and the same computation in tfjs (cpu:
 * `outputToLogits`, `attackLoss`, `tf.grad`), and measures how far apart they are.
 */
export function compareWithTfjs(model: DualModel, spec: GradientSpec, batch: number, seed = 5): Comparison {
  const sample = [...model.inputShape];
  const graph = buildGradientGraph(model.graph(), spec);
  const xData = tiedImages(batch, sample, seed);
  const dims = [batch, ...sample];
  const session = new OrtSession(graph, { threads: 1 });
  const rawProbe = tf.tidy(() => model.forward(tf.tensor(xData.slice(0, count(sample)), [1, ...sample])).shape[1]!);
  const classes = rawProbe === 1 ? 2 : rawProbe;
  const labels = classRows(batch, classes, 0);
  const targets = classRows(batch, classes, 1).map((target, row) => (target === labels[row] ? (target + 1) % classes : target));
  const cotangent = Float32Array.from({ length: batch * classes }, mulberry32(seed + 1)).map((u) => u * 2 - 1);
  let result: Record<string, { data: ArrayLike<number> }>;
  try {
    const feeds: Parameters<OrtSession['run']>[0] = { x: { data: xData, dims } };
    if (spec.loss === 'cotangent') feeds.cotangent = { data: cotangent, dims: [batch, classes] };
    else {
      feeds.labels = { data: oneHot(labels, classes), dims: [batch, classes] };
      if (spec.targeted) feeds.targets = { data: oneHot(targets, classes), dims: [batch, classes] };
    }
    result = session.run(feeds) as unknown as Record<string, { data: ArrayLike<number> }>;
  } finally {
    session.dispose();
  }
  const expected = tf.tidy(() => {
    const x = tf.tensor(xData, dims);
    const labelTensor = tf.tensor1d(labels, 'int32');
    const targetTensor = spec.targeted ? tf.tensor1d(targets, 'int32') : undefined;
    const cotTensor = tf.tensor2d(cotangent, [batch, classes]);
    const lossOf = (input: tf.Tensor) => {
      const logits = outputToLogits(model.forward(input), spec.outputKind);
      const loss = spec.loss === 'cotangent' ? logits.mul(cotTensor).sum(1) as tf.Tensor1D : attackLoss(logits, labelTensor, spec.loss, targetTensor);
      return { logits, loss };
    };
    const forward = lossOf(x);
    const gradient = tf.grad((input: tf.Tensor) => lossOf(input).loss.sum())(x);
    return { logits: Float32Array.from(forward.logits.dataSync()), loss: Float32Array.from(forward.loss.dataSync()), gradient: Float32Array.from(gradient.dataSync()) };
  });
  const gradient = result.gradient!.data;
  let mismatches = 0;
  const scale = expected.gradient.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  for (let index = 0; index < expected.gradient.length; index++) {
    const a = gradient[index]!;
    const b = expected.gradient[index]!;
    // Both negligible against the gradient's scale: rounding noise around a true zero, not a sign.
    if (Math.abs(a) <= 1e-7 * scale && Math.abs(b) <= 1e-7 * scale) continue;
    if (Math.sign(a) !== Math.sign(b)) mismatches++;
  }
  return {
    logits: difference(result.logits!.data, expected.logits),
    loss: difference(result.loss!.data, expected.loss),
    gradient: difference(gradient, expected.gradient),
    signAgreement: 1 - mismatches / expected.gradient.length,
    signMismatches: mismatches,
  };
}

function count(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
