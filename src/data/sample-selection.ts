import { InputError } from '../errors.js';

/** Shard `index` (1-based) of `count` shards. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `I/N` (1 ≤ I ≤ N) from the command line. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new InputError('BAD_SHARD', `--shard must be I/N with 1 ≤ I ≤ N (e.g. 2/4), got "${text}".`);
  }
  return { index, count };
}

/**
 * Dataset indices to evaluate: the first `limit` samples, then every `count`-th one starting at
 * `index − 1` for a shard. Interleaving keeps shards balanced and the split depends only on
 * sample indices, so merged shards equal an unsharded run.
 */
export function selectSamples(size: number, limit?: number, shard?: Shard): number[] {
  const total = Math.min(size, limit ?? size);
  const indices: number[] = [];
  for (let i = 0; i < total; i++) {
    if (!shard || i % shard.count === shard.index - 1) indices.push(i);
  }
  return indices;
}
