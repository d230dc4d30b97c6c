import type { RowRandom } from './row-random.js';
import { randomInt } from './row-random.js';

/**
 * How Square sees an input: an image `[height, width, channels]` (NHWC, as tfjs lays it out).
 * Inputs of any other rank are read as a column `[features, 1, 1]`, so a "square" becomes a run
 * of consecutive features (the 1-D analogue of the paper's windows).
 */
export interface SquareGeometry {
  height: number;
  width: number;
  channels: number;
}

/** Geometry of an input shape (without the batch dimension). */
export function squareGeometry(inputShape: readonly number[]): SquareGeometry {
  if (inputShape.length === 3) return { height: inputShape[0]!, width: inputShape[1]!, channels: inputShape[2]! };
  const features = inputShape.reduce((product, size) => product * size, 1);
  return { height: features, width: 1, channels: 1 };
}

/**
 * Fraction p of the image a window covers at iteration `iteration` (0-based): the published
 * piecewise-constant schedule of Andriushchenko et al. 2020 (p_init halved after 10, 50, 200,
 * 500, 1000, 2000, 4000, 6000 and 8000 iterations), as in AutoAttack's `square.py`. With
 * `rescale`, iterations are first mapped onto a 10,000-query run (the standalone paper setting);
 * AutoAttack runs it unrescaled.
 */
export function squareFraction(iteration: number, pInit: number, queries: number, rescale: boolean): number {
  const it = rescale ? Math.floor((iteration / queries) * 10000) : iteration;
  const bounds = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000];
  let halvings = 0;
  for (const bound of bounds) if (it > bound) halvings++;
  return pInit / 2 ** halvings;
}

/**
 * Window size (rows × columns) for fraction `p`: side round(√(p·h·w)) at least `minimum` (1 for
 * L∞, 3 and odd for L2, as published), at most the image; a column input gets a run of
 * round(p·features) features.
 */
export function windowSize(geometry: SquareGeometry, p: number, norm: 'linf' | 'l2'): [number, number] {
  const { height, width } = geometry;
  const minimum = norm === 'l2' ? 3 : 1;
  if (width === 1) return [Math.min(height, Math.max(minimum, Math.round(p * height))), 1];
  let side = Math.max(minimum, Math.round(Math.sqrt(p * height * width)));
  if (norm === 'l2' && side % 2 === 0) side += 1;
  side = Math.min(side, height, width);
  return [side, side];
}

/**
 * Where a window may start. `autoattack`: as AutoAttack's `square.py` draws it (`random_int(0, h −
 * s)`, high end excluded), so a window never touches the last row or column; reproduces the
 * official robust accuracies. `all`: every position that fits, as the paper's Algorithm 2 writes
 * it; finds somewhat more adversarials (demo, 100 samples, L∞ 0.03: 46–49 robust vs 50–53).
 */
export type WindowPositions = (typeof windowPositionChoices)[number];

/** The window-position choices, for the attack's parameter spec. */
export const windowPositionChoices = ['autoattack', 'all'] as const;

/** A random top-left corner for a window of `size` inside the image. */
export function windowCorner(geometry: SquareGeometry, size: [number, number], random: RowRandom, positions: WindowPositions): [number, number] {
  const choices = (extent: number, side: number) => (positions === 'all' ? extent - side + 1 : Math.max(1, extent - side));
  return [randomInt(random, choices(geometry.height, size[0])), randomInt(random, choices(geometry.width, size[1]))];
}

/**
 * Calls `visit(offset)` for every element of one channel's window in a row-major NHWC sample
 * (offset relative to the sample's start).
 */
export function forWindow(geometry: SquareGeometry, corner: [number, number], size: [number, number], channel: number, visit: (offset: number, i: number, j: number) => void): void {
  const { width, channels } = geometry;
  const rows = Math.min(size[0], geometry.height - corner[0]);
  const columns = Math.min(size[1], width - corner[1]);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) visit(((corner[0] + i) * width + corner[1] + j) * channels + channel, i, j);
  }
}

/**
 * The L2 Square attack's window pattern η (a × b, unit L2 norm): the top half is a bump of
 * nested rectangles weighted 1/(k+1)², the bottom half the negated bump, so the window's change
 * is concentrated in its centre and has zero mean, as in the paper's Fig. 2. With `transpose`
 * (square windows only) rows and columns swap.
 */
export function squareEta(a: number, b: number, transpose: boolean): Float64Array {
  const eta = new Float64Array(a * b);
  const top = Math.floor(a / 2);
  addBump(eta, 0, top, b, b, 1);
  addBump(eta, top, a - top, b, b, -1);
  normalize(eta);
  if (!transpose || a !== b) return eta;
  const swapped = new Float64Array(a * b);
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) swapped[j * a + i] = eta[i * b + j]!;
  return swapped;
}

/** Adds `sign` × a unit-L2 nested-rectangle bump of `rows` × `columns` at row `start` of `target`. */
function addBump(target: Float64Array, start: number, rows: number, columns: number, stride: number, sign: number): void {
  if (rows === 0) return;
  const bump = new Float64Array(rows * columns);
  let r = Math.floor(rows / 2);
  let c = Math.floor(columns / 2);
  const rings = Math.max(Math.floor(rows / 2) + 1, Math.floor(columns / 2) + 1);
  for (let k = 0; k < rings; k++) {
    for (let i = Math.max(r, 0); i < Math.min(r + 2 * k + 1, rows); i++) {
      for (let j = Math.max(c, 0); j < Math.min(c + 2 * k + 1, columns); j++) bump[i * columns + j]! += 1 / (k + 1) ** 2;
    }
    r -= 1;
    c -= 1;
  }
  normalize(bump);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) target[(start + i) * stride + j] = sign * bump[i * columns + j]!;
}

/** Scales `values` to unit L2 norm (left as is when zero). */
function normalize(values: Float64Array): void {
  let sum = 0;
  for (const value of values) sum += value * value;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < values.length; i++) values[i]! /= norm;
}
