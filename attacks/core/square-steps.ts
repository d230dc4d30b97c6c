import type { RowRandom } from './row-random.js';
import { randomSign } from './row-random.js';
import { forWindow, squareEta, windowCorner, type SquareGeometry, type WindowPositions } from './square-geometry.js';

/** One sample's data for a Square proposal (all row-major NHWC, one sample long). */
export interface SquareRow {
  /** Clean sample. */
  x: Float32Array;
  /** Current best point (what the step starts from). */
  best: Float32Array;
  /** Where to write the proposal. */
  out: Float32Array;
  random: RowRandom;
}

/** Budget, box and window positions of a Square run. */
export interface SquareBox {
  epsilon: number;
  low: number;
  high: number;
  positions: WindowPositions;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * L∞ start: vertical stripes, x + ε·s with one random sign s per (column, channel), clipped to
 * the box (Andriushchenko et al. 2020, Alg. 2 initialisation).
 */
export function linfStart(geometry: SquareGeometry, row: SquareRow, box: SquareBox): void {
  const { height, width, channels } = geometry;
  for (let j = 0; j < width; j++) {
    for (let ch = 0; ch < channels; ch++) {
      const step = box.epsilon * randomSign(row.random);
      for (let i = 0; i < height; i++) {
        const o = (i * width + j) * channels + ch;
        row.out[o] = clamp(row.x[o]! + step, box.low, box.high);
      }
    }
  }
}

/**
 * L∞ step: in one random window, every channel moves to the opposite vertex ±ε of its own
 * random sign (x_best + 2ε·s, clipped to the ε-ball and the box); the rest stays.
 */
export function linfStep(geometry: SquareGeometry, size: [number, number], row: SquareRow, box: SquareBox): void {
  row.out.set(row.best);
  const corner = windowCorner(geometry, size, row.random, box.positions);
  for (let ch = 0; ch < geometry.channels; ch++) {
    const step = 2 * box.epsilon * randomSign(row.random);
    forWindow(geometry, corner, size, ch, (o) => {
      const x = row.x[o]!;
      row.out[o] = clamp(clamp(row.best[o]! + step, x - box.epsilon, x + box.epsilon), box.low, box.high);
    });
  }
}

/**
 * L2 start: a grid of windows of side ⌊h/5⌋, each filled with the η pattern times a random sign
 * per channel, the whole perturbation scaled to L2 norm ε, then clipped to the box.
 */
export function l2Start(geometry: SquareGeometry, row: SquareRow, box: SquareBox): void {
  const { height, width, channels } = geometry;
  const size: [number, number] = [Math.max(1, Math.floor(height / 5)), width === 1 ? 1 : Math.max(1, Math.floor(width / 5))];
  const start = [Math.max(0, Math.floor((height - 5 * size[0]) / 2)), width === 1 ? 0 : Math.max(0, Math.floor((width - 5 * size[1]) / 2))];
  const delta = new Float64Array(row.x.length);
  for (let vh = start[0]!, a = 0; a < Math.floor(height / size[0]); a++, vh += size[0]) {
    for (let vw = start[1]!, b = 0; b < Math.floor(width / size[1]); b++, vw += size[1]) {
      const eta = squareEta(size[0], size[1], row.random() > 0.5);
      for (let ch = 0; ch < channels; ch++) {
        const sign = randomSign(row.random);
        forWindow(geometry, [vh, vw], size, ch, (o, i, j) => { delta[o]! += sign * eta[i * size[1] + j]!; });
      }
    }
  }
  writeScaled(row, delta, box);
}

/**
 * L2 step (Andriushchenko et al. 2020, Alg. 3): a second random window is emptied and its energy,
 * with whatever budget is left, moved into the first window, where the old perturbation
 * (normalised) is mixed with a fresh η pattern of random sign per channel. The result is
 * rescaled to L2 norm ε and clipped to the box.
 */
export function l2Step(geometry: SquareGeometry, size: [number, number], row: SquareRow, box: SquareBox): void {
  const { height, width, channels } = geometry;
  const delta = new Float64Array(row.x.length);
  let imageNorm = 0;
  for (let o = 0; o < delta.length; o++) {
    delta[o] = row.best[o]! - row.x[o]!;
    imageNorm += delta[o]! ** 2;
  }
  const first = windowCorner(geometry, size, row.random, box.positions);
  const second = windowCorner(geometry, size, row.random, box.positions);
  const eta = squareEta(size[0], size[1], row.random() > 0.5);
  const inWindows = new Uint8Array(height * width);
  forWindow(geometry, first, size, 0, (o) => { inWindows[o / channels] = 1; });
  forWindow(geometry, second, size, 0, (o) => { inWindows[o / channels] = 1; });
  const fresh: Float64Array[] = [];
  for (let ch = 0; ch < channels; ch++) {
    let firstNorm = 0;
    forWindow(geometry, first, size, ch, (o) => { firstNorm += delta[o]! ** 2; });
    firstNorm = Math.sqrt(firstNorm);
    let windowsNorm = 0;
    for (let p = 0; p < inWindows.length; p++) if (inWindows[p]) windowsNorm += delta[p * channels + ch]! ** 2;
    const sign = randomSign(row.random);
    const values = new Float64Array(size[0] * size[1]);
    let valuesNorm = 0;
    forWindow(geometry, first, size, ch, (o, i, j) => {
      const k = i * size[1] + j;
      values[k] = sign * eta[k]! + delta[o]! / (1e-12 + firstNorm);
      valuesNorm += values[k]! ** 2;
    });
    const target = Math.sqrt(Math.max(box.epsilon ** 2 - imageNorm, 0) / channels + windowsNorm);
    const scale = target / (1e-12 + Math.sqrt(valuesNorm));
    for (let k = 0; k < values.length; k++) values[k]! *= scale;
    fresh.push(values);
  }
  for (let ch = 0; ch < channels; ch++) forWindow(geometry, second, size, ch, (o) => { delta[o] = 0; });
  for (let ch = 0; ch < channels; ch++) forWindow(geometry, first, size, ch, (o, i, j) => { delta[o] = fresh[ch]![i * size[1] + j]!; });
  writeScaled(row, delta, box);
}

/** out = box(x + ε·δ/‖δ‖₂); clipping towards the box only shrinks |δ|, so the norm stays ≤ ε. */
function writeScaled(row: SquareRow, delta: Float64Array, box: SquareBox): void {
  let norm = 0;
  for (const value of delta) norm += value * value;
  const scale = box.epsilon / (Math.sqrt(norm) + 1e-12);
  for (let o = 0; o < delta.length; o++) row.out[o] = clamp(row.x[o]! + delta[o]! * scale, box.low, box.high);
}
