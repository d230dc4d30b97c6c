import * as tf from '@tensorflow/tfjs';
import type { AttackContext } from '../types.js';
import { dualOf, rowSize64, startDirections } from '../../src/tensor/norms.js';
import { inputGradient } from './loss.js';
import { projectOnHyperplane } from './hyperplane-projection.js';
import { tidyValues } from '../../src/tensor/tidy-values.js';

/** Settings of {@link runFab}. */
export interface FabSettings {
  steps: number;
  restarts: number;
  /** Largest weight α of the step taken from the clean point (FAB: 0.1). */
  alphaMax: number;
  /** Overshoot η of the projection (FAB: 1.05). */
  eta: number;
  /** Backward step β towards the clean point after a success (FAB: 0.9). */
  beta: number;
  /** A row stops once it has an adversarial this close (attack norm); `Infinity` minimises fully. */
  stopAt: number;
}

/** FAB's norm: L2, or L∞ for anything else (the registry offers only these two). */
function fabNorm(context: AttackContext): 'linf' | 'l2' {
  return context.norm === 'l2' ? 'l2' : 'linf';
}

/** Linearisation of the decision boundary at the current points: f = z_k − z_y and ∇f per row. */
interface Linearisation {
  value: Float64Array;
  normal: Float32Array[];
}

/** Gradient and value of Σ_rows (z_k − z_y) for per-row classes k. */
function classDifference(context: AttackContext, points: tf.Tensor, labels: tf.Tensor1D, classes: tf.Tensor1D): { value: Float32Array; gradient: Float32Array } {
  const numClasses = context.classifier.numClasses;
  let value: Float32Array | undefined;
  const direction = tf.tidy(() => tf.oneHot(classes, numClasses).sub(tf.oneHot(labels, numClasses)).cast('float32'));
  let gradient: tf.Tensor;
  try {
    gradient = inputGradient((input) => {
      const difference = context.classifier.logits(input).mul(direction).sum(1);
      value = Float32Array.from(difference.dataSync());
      return difference.sum();
    }, points);
  } finally {
    direction.dispose();
  }
  const data = gradient.dataSync() as Float32Array;
  gradient.dispose();
  return { value: value!, gradient: data };
}

/**
 * The boundary FAB steps towards, per row: the target's (targeted) or, untargeted, the class whose
 * linearised boundary is nearest, |f_k| / ‖∇f_k‖_dual smallest (one gradient per class).
 */
function linearise(context: AttackContext, data: Float32Array, rows: number[], labels: Int32Array, targets: Int32Array | undefined): Linearisation {
  const length = data.length / context.x.shape[0]!;
  const m = rows.length;
  const norm = fabNorm(context);
  const value = new Float64Array(m);
  const normal: Float32Array[] = new Array(m);
  const distance = new Float64Array(m).fill(Infinity);
  const candidates = targets ? [-1] : Array.from({ length: context.classifier.numClasses }, (_, k) => k);
  const points = tf.tensor(Float32Array.from(rows.flatMap((row) => Array.from(data.subarray(row * length, (row + 1) * length)))), [m, ...context.x.shape.slice(1)]);
  const rowLabels = tf.tensor1d(Int32Array.from(rows, (row) => labels[row]!), 'int32');
  try {
    for (const k of candidates) {
      const classes = tf.tensor1d(Int32Array.from(rows, (row) => (k < 0 ? targets![row]! : k)), 'int32');
      // Not inside tf.tidy: it would walk the returned typed arrays element by element.
      let result: ReturnType<typeof classDifference>;
      try {
        result = classDifference(context, points, rowLabels, classes);
      } finally {
        classes.dispose();
      }
      rows.forEach((row, i) => {
        if (k === labels[row]) return;
        const g = result.gradient.subarray(i * length, (i + 1) * length);
        // Distance to the linearised boundary is |f| / ‖∇f‖_* (the dual norm of the attack's).
        const d = Math.abs(result.value[i]!) / (1e-12 + rowSize64(dualOf(norm), g));
        if (d >= distance[i]!) return;
        distance[i] = d;
        value[i] = result.value[i]!;
        normal[i] = Float32Array.from(g);
      });
    }
  } finally {
    tf.dispose([points, rowLabels]);
  }
  return { value, normal };
}

/**
 * FAB (Croce & Hein 2020) on one batch: from the current point x₁, project both x₁ and the clean
 * x₀ onto the linearised decision boundary inside the box (exactly, {@link projectOnHyperplane}),
 * move to a convex combination biased towards the clean point, x₁ ← box((x₁ + η·d₁)(1 − α) +
 * (x₀ + η·d₀)·α) with α = min(‖d₁‖ / (‖d₁‖ + ‖d₀‖), α_max), and after each success step back,
 * x₁ ← x₀ + β·(x₁ − x₀). Keeps each row's smallest adversarial (success = argmax ≠ label);
 * rows without one return the clean input. Restarts after the first start from a random point at
 * distance min(best, ε)/2. Targeted (with `context.targets`): the boundary is z_t = z_y.
 */
export function runFab(context: AttackContext, settings: FabSettings): { adversarial: tf.Tensor; distance: Float64Array } {
  const n = context.x.shape[0]!;
  const norm = fabNorm(context);
  const [low, high] = context.bounds;
  const length = n === 0 ? 0 : context.x.size / n;
  const clean = Float32Array.from(context.x.dataSync());
  const labels = Int32Array.from(context.labels.dataSync());
  const targets = context.targets ? Int32Array.from(context.targets.dataSync()) : undefined;
  const best = Float32Array.from(clean);
  const distance = new Float64Array(n).fill(Infinity);
  const d1 = new Float64Array(length);
  const d0 = new Float64Array(length);
  for (let restart = 0; restart < settings.restarts; restart++) {
    const current = Float32Array.from(clean);
    if (restart > 0) randomStart(context, current, distance, restart);
    for (let step = 0; step < settings.steps; step++) {
      const rows = Array.from({ length: n }, (_, row) => row).filter((row) => !(distance[row]! <= settings.stopAt));
      if (rows.length === 0) break;
      const { value, normal } = linearise(context, current, rows, labels, targets);
      rows.forEach((row, i) => {
        const offset = row * length;
        const x1 = current.subarray(offset, offset + length);
        const x0 = clean.subarray(offset, offset + length);
        const w = normal[i]!;
        // Boundary: w·z = w·x₁ − f. From x₁ the change needed is −f; from x₀ it is −f + w·(x₁ − x₀).
        let shift = 0;
        for (let j = 0; j < length; j++) shift += w[j]! * (x1[j]! - x0[j]!);
        projectOnHyperplane(x1, w, -value[i]!, norm, low, high, d1);
        projectOnHyperplane(x0, w, -value[i]! + shift, norm, low, high, d0);
        const a1 = Math.max(rowSize64(norm, d1), 1e-8);
        const a0 = Math.max(rowSize64(norm, d0), 1e-8);
        const alpha = Math.min(Math.max(a1 / (a1 + a0), 0), settings.alphaMax);
        for (let j = 0; j < length; j++) {
          const next = (x1[j]! + settings.eta * d1[j]!) * (1 - alpha) + (x0[j]! + settings.eta * d0[j]!) * alpha;
          x1[j] = Math.min(high, Math.max(low, next));
        }
      });
      const points = Float32Array.from(rows.flatMap((row) => Array.from(current.subarray(row * length, (row + 1) * length))));
      const predicted = tidyValues(() => context.classifier.logits(tf.tensor(points, [rows.length, ...context.x.shape.slice(1)])).argMax(1).dataSync());
      rows.forEach((row, i) => {
        if (predicted[i] === labels[row]) return;
        const offset = row * length;
        const size = rowSize64(norm, current, clean, offset, length);
        if (size < distance[row]!) {
          distance[row] = size;
          best.set(current.subarray(offset, offset + length), offset);
        }
        for (let j = offset; j < offset + length; j++) current[j] = clean[j]! + (current[j]! - clean[j]!) * settings.beta;
      });
    }
  }
  return { adversarial: tf.tensor(best, context.x.shape), distance };
}

/** Random start of restarts > 0: x₀ + min(best, ε)/2 · t/‖t‖ (t uniform for L∞, Gaussian for L2), box-clipped. */
function randomStart(context: AttackContext, current: Float32Array, distance: Float64Array, restart: number): void {
  const n = context.x.shape[0]!;
  const length = current.length / n;
  const tensor = startDirections((kind) => context.draws(`fab-start/${restart}`, kind), fabNorm(context));
  const t = tensor.dataSync();
  tensor.dispose();
  for (let row = 0; row < n; row++) {
    const offset = row * length;
    const size = rowSize64(fabNorm(context), t, undefined, offset, length) + 1e-12;
    const radius = Math.min(distance[row]!, context.budget) / 2;
    for (let j = offset; j < offset + length; j++) current[j] = Math.min(context.bounds[1], Math.max(context.bounds[0], current[j]! + (radius * t[j]!) / size));
  }
}
