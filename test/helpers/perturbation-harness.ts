import * as tf from '@tensorflow/tfjs';
import { attackRegistry } from '../../attacks/registry.js';
import { createAttackContext } from '../../attacks/core/attack-context.js';
import { withDefaults } from '../../attacks/core/define-attack.js';
import type { Classifier } from '../../src/model/classifier.js';
import type { Norm } from '../../src/tensor/norms.js';
import { denseClassifier, fixtureNumbers, randomDense } from './classifiers.js';

/** A fixed-weight dense classifier that takes images `[h, w, c]` (it flattens them). */
export function imageClassifier(shape: [number, number, number], inputRange: [number, number] = [0, 1], seed = 21): Classifier {
  const size = shape[0] * shape[1] * shape[2];
  return { ...denseClassifier([randomDense(seed, size, 12, 0.5), randomDense(seed + 1, 12, 5, 2)], inputRange), inputShape: shape };
}

/**
 * `n` smooth test images `[n, h, w, c]` in `[low + 0.05·width, high − 0.05·width]` of the box (so
 * noise is not clipped at small ε): a bright blob, a diagonal ramp and a little texture, different
 * per image.
 */
export function testImages(n: number, [h, w, c]: [number, number, number], bounds: [number, number] = [0, 1]): Float32Array {
  const texture = fixtureNumbers(77, n * h * w * c);
  const values = new Float32Array(n * h * w * c);
  for (let i = 0; i < n; i++) {
    const [cy, cx] = [h * (0.3 + 0.05 * i), w * (0.6 - 0.04 * i)];
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) {
      const at = ((i * h + y) * w + x) * c + k;
      const blob = Math.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (0.04 * h * w));
      const unit = 0.05 + 0.9 * Math.min(1, Math.max(0, 0.15 + 0.6 * blob + 0.15 * ((x + y + k) / (w + h)) + 0.08 * texture[at]!));
      values[at] = bounds[0] + unit * (bounds[1] - bounds[0]);
    }
  }
  return values;
}

/** Inputs of {@link proposeRows}. */
export interface ProposeInput {
  type: string;
  classifier: Classifier;
  /** All samples `[N, ...inputShape]`, row-major. */
  x: Float32Array;
  /** Dataset indices (rows of `x`) forming the batch; draws are keyed by them, as in the runner. */
  rows: number[];
  budget: number;
  norm?: Norm;
  params?: Record<string, unknown>;
  seed?: number;
}

/**
 * Calls a perturbation's `propose` on some rows of `x` exactly as the runner does (seeded draws
 * keyed by dataset index, the runner's projection), then applies the runner's final projection.
 * Returns the perturbed rows; every tensor is disposed.
 */
export function proposeRows(input: ProposeInput): Float32Array {
  const definition = attackRegistry[input.type]!;
  const norm = input.norm ?? definition.norms[0] ?? 'linf';
  const shape = input.classifier.inputShape;
  const length = shape.reduce((a, b) => a * b, 1);
  const batch = new Float32Array(input.rows.length * length);
  input.rows.forEach((row, i) => batch.set(input.x.subarray(row * length, (row + 1) * length), i * length));
  return tf.tidy(() => {
    const x = tf.tensor(batch, [input.rows.length, ...shape]);
    const context = createAttackContext({
      classifier: input.classifier, x, labels: tf.zeros([input.rows.length], 'int32'), budget: input.budget,
      budgetKind: definition.budget === 'epsilons' ? 'epsilon' : 'severity', norm, params: withDefaults(definition.params, input.params ?? {}),
      seed: input.seed ?? 1, attackId: input.type, sampleIndices: input.rows,
    });
    return context.project(definition.propose(context)).dataSync() as Float32Array;
  });
}
