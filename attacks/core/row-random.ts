import * as tf from '@tensorflow/tfjs';
import { asRows } from '../../src/tensor/rows.js';
import type { AttackContext } from '../types.js';
import { tidyValues } from '../../src/tensor/tidy-values.js';

/** A seeded generator of uniform numbers in [0, 1). */
export type RowRandom = () => number;

/**
 * mulberry32: a small, fast 32-bit generator. Attacks that draw a few numbers per sample and
 * step (Square's window positions and signs) use it instead of `context.draws`, which draws a
 * whole input-sized row per call.
 */
function mulberry32(seed: number): RowRandom {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One generator per batch row, seeded from the runner's per-sample stream for `purpose` (keyed by
 * the suite seed, attack id and the sample's dataset index): a sample draws the same numbers
 * whatever its batch, as long as it is asked for them in the same order (docs/reliability.md A8).
 */
export function rowGenerators(context: Pick<AttackContext, 'draws' | 'x'>, purpose: string): RowRandom[] {
  const n = context.x.shape[0]!;
  const width = Math.min(2, n === 0 ? 0 : context.x.size / n);
  const seeds = tidyValues(() => asRows(context.draws(purpose, 'uniform')).slice([0, 0], [n, width]).dataSync());
  return Array.from({ length: n }, (_, row) => {
    // Two draws per row where the input has them: one float32 holds only 24 random bits.
    const seed = (Math.floor(seeds[width * row]! * 65536) << 16) ^ (width > 1 ? Math.floor(seeds[width * row + 1]! * 65536) : 0);
    return mulberry32(seed);
  });
}

/** A random integer in [0, bound) (bound ≥ 1). */
export function randomInt(random: RowRandom, bound: number): number {
  return Math.min(bound - 1, Math.floor(random() * bound));
}

/** A random sign, ±1. */
export function randomSign(random: RowRandom): number {
  return random() < 0.5 ? -1 : 1;
}
