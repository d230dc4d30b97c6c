import seedrandom from 'seedrandom';

/**
 * Seeded random streams. All randomness in robustcheck comes from here, keyed by strings built
 * from the suite seed and stable identifiers (case id, ε, restart, sample index), so results do
 * not depend on batch size, batch order or sharding. tfjs random ops are never used: their seed 0
 * means "unseeded" and their streams depend on the batch layout.
 */

/** Joins key parts into one stream key. */
export function streamKey(...parts: Array<string | number>): string {
  return parts.join('/');
}

/** `length` uniform draws in [0, 1) from the stream `key`. */
export function uniformDraws(key: string, length: number): Float32Array {
  const next = seedrandom(key);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = next();
  return out;
}

/** `length` standard normal draws (Box–Muller) from the stream `key`. */
export function normalDraws(key: string, length: number): Float32Array {
  const next = seedrandom(key);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i += 2) {
    const u = 1 - next(); // (0, 1]: log(u) is finite
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    out[i] = radius * Math.cos(2 * Math.PI * v);
    if (i + 1 < length) out[i + 1] = radius * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/**
 * Draws for a batch: one independent stream per sample, keyed by `baseKey` and the sample's
 * dataset index, concatenated row by row.
 */
export function batchDraws(baseKey: string, sampleIndices: readonly number[], sampleLength: number, kind: 'uniform' | 'normal'): Float32Array {
  const out = new Float32Array(sampleIndices.length * sampleLength);
  sampleIndices.forEach((index, row) => {
    const key = streamKey(baseKey, index);
    out.set(kind === 'uniform' ? uniformDraws(key, sampleLength) : normalDraws(key, sampleLength), row * sampleLength);
  });
  return out;
}
