import * as tf from '@tensorflow/tfjs';
import type { AttackContext } from '../types.js';
import { rowGenerators, type RowRandom } from './row-random.js';
import { squareFraction, squareGeometry, windowSize, type WindowPositions } from './square-geometry.js';
import { l2Start, l2Step, linfStart, linfStep, type SquareBox, type SquareRow } from './square-steps.js';
import { tidyValues } from '../../src/tensor/tidy-values.js';

/** Settings of {@link runSquare}. */
export interface SquareSettings {
  /** Iterations per restart after the initial query (each iteration = one query per sample). */
  queries: number;
  /** Initial fraction of the image a window covers. */
  pInit: number;
  restarts: number;
  /** Map the schedule onto a 10,000-query run (standalone paper setting; AutoAttack: false). */
  rescaleSchedule: boolean;
  /** Where windows may start (see {@link WindowPositions}). */
  windowPositions: WindowPositions;
}

/** Result of {@link runSquare}: proposals and model queries spent per batch row. */
export interface SquareOutcome {
  adversarial: tf.Tensor;
  /** Forward passes spent on each row (initial point included), summed over restarts. */
  queries: Float64Array;
}

/**
 * Margin z_y − max_{j≠y} z_j (the loss Square minimises, AutoAttack's default) and success
 * (argmax ≠ y, the runner's own criterion) of `count` samples laid out in `data`.
 */
function score(context: AttackContext, data: Float32Array, rowLength: number, count: number, labels: ArrayLike<number>): { margin: Float64Array; broken: Uint8Array } {
  const classes = context.classifier.numClasses;
  const logits = tidyValues(() => context.classifier.logits(tf.tensor(data.subarray(0, count * rowLength), [count, ...context.x.shape.slice(1)])).dataSync());
  const margin = new Float64Array(count);
  const broken = new Uint8Array(count);
  for (let r = 0; r < count; r++) {
    const label = labels[r]!;
    let other = -Infinity;
    let top = 0;
    for (let k = 0; k < classes; k++) {
      const value = logits[r * classes + k]!;
      if (value > logits[r * classes + top]!) top = k;
      if (k !== label && value > other) other = value;
    }
    margin[r] = logits[r * classes + label]! - other;
    broken[r] = top !== label ? 1 : 0;
  }
  return { margin, broken };
}

/**
 * Square attack (Andriushchenko et al. 2020) on one batch: random search over the vertices of the
 * ε-ball with square-shaped updates, accepting a proposal when it lowers the margin or breaks the
 * sample. Queries the model's logits only (no gradients). A sample stops at its first success;
 * unbroken samples return their lowest-margin point of the last restart.
 */
export function runSquare(context: AttackContext, settings: SquareSettings): SquareOutcome {
  const n = context.x.shape[0]!;
  const spent = new Float64Array(n);
  if (context.budget === 0 || n === 0) return { adversarial: context.x.clone(), queries: spent };
  const norm = context.norm === 'l2' ? 'l2' : 'linf';
  const geometry = squareGeometry(context.x.shape.slice(1));
  const box: SquareBox = { epsilon: context.budget, low: context.bounds[0], high: context.bounds[1], positions: settings.windowPositions };
  const length = context.x.size / n;
  const clean = context.x.dataSync() as Float32Array;
  const labels = context.labels.dataSync();
  const best = Float32Array.from(clean);
  const margin = new Float64Array(n).fill(Infinity);
  const broken = new Uint8Array(n);
  const scratch = new Float32Array(n * length);
  const rowOf = (data: Float32Array, r: number) => data.subarray(r * length, (r + 1) * length);
  /** Scores the proposals in `scratch` for `rows`, accepting improvements and successes. */
  const query = (rows: number[], always: boolean) => {
    const result = score(context, scratch, length, rows.length, rows.map((r) => labels[r]!));
    rows.forEach((r, k) => {
      spent[r]! += 1;
      if (always || result.broken[k] || result.margin[k]! < margin[r]!) {
        best.set(rowOf(scratch, k), r * length);
        margin[r] = result.margin[k]!;
        broken[r] = result.broken[k]!;
      }
    });
  };
  for (let restart = 0; restart < settings.restarts; restart++) {
    let active = Array.from({ length: n }, (_, r) => r).filter((r) => !broken[r]);
    if (active.length === 0) break;
    const generators: RowRandom[] = rowGenerators(context, `square/${restart}`);
    const rowInput = (r: number, k: number): SquareRow => ({ x: rowOf(clean, r), best: rowOf(best, r), out: rowOf(scratch, k), random: generators[r]! });
    active.forEach((r, k) => (norm === 'linf' ? linfStart : l2Start)(geometry, rowInput(r, k), box));
    query(active, true);
    for (let iteration = 0; iteration < settings.queries; iteration++) {
      active = active.filter((r) => !broken[r]);
      if (active.length === 0) break;
      const size = windowSize(geometry, squareFraction(iteration, settings.pInit, settings.queries, settings.rescaleSchedule), norm);
      active.forEach((r, k) => (norm === 'linf' ? linfStep : l2Step)(geometry, size, rowInput(r, k), box));
      query(active, false);
    }
  }
  const adversarial = tf.tidy(() => context.project(tf.tensor(best, context.x.shape)));
  return { adversarial, queries: spent };
}
