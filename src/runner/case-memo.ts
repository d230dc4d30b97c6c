import * as tf from '@tensorflow/tfjs';

/**
 * Rows an attack computed once per attack run and reuses at every budget (`context.memo`): by
 * purpose, then by dataset index, one row per sample shaped like the sample. Plain Maps of
 * Float32Arrays, so the memo crosses to worker threads by structured clone.
 */
export type CaseMemo = Map<string, Map<number, Float32Array>>;

/** Most values (float32) a run's memo keeps: 64 Mi ≈ 256 MB. Past it rows are recomputed, with the same result. */
export const memoCapacity = 64 * 2 ** 20;

/** Number of values held by a memo. */
export function memoSize(memo: CaseMemo): number {
  let total = 0;
  for (const rows of memo.values()) for (const row of rows.values()) total += row.length;
  return total;
}

/**
 * `context.memo` for one batch: returns the cached rows when every sample of the batch has one
 * (in `known`, or computed earlier in this case in `added`), otherwise runs `compute` for the
 * whole batch and records its rows in `added`. Call inside `tf.tidy`.
 *
 * @param indices - dataset index of each batch row
 * @param shape - batch shape `[n, ...sample]` of the tensors memoised
 */
export function batchMemo(known: CaseMemo | undefined, added: CaseMemo, indices: number[], shape: number[]): (purpose: string, compute: () => tf.Tensor) => tf.Tensor {
  return (purpose, compute) => {
    const lookup = (index: number) => known?.get(purpose)?.get(index) ?? added.get(purpose)?.get(index);
    const rows = indices.map(lookup);
    if (rows.every((row) => row !== undefined)) {
      const length = rows[0]?.length ?? 0;
      const values = new Float32Array(rows.length * length);
      rows.forEach((row, i) => values.set(row!, i * length));
      return tf.tensor(values, shape, 'float32');
    }
    const computed = compute();
    const data = computed.dataSync();
    const length = data.length / Math.max(1, indices.length);
    const store = added.get(purpose) ?? new Map<number, Float32Array>();
    indices.forEach((index, i) => store.set(index, data.slice(i * length, (i + 1) * length) as Float32Array));
    added.set(purpose, store);
    return computed;
  };
}

/** Adds `from`'s rows to `into` while it holds fewer than `capacity` values. */
export function mergeMemo(into: CaseMemo, from: CaseMemo | undefined, capacity = memoCapacity): void {
  if (!from) return;
  let size = memoSize(into);
  for (const [purpose, rows] of from) {
    const store = into.get(purpose) ?? new Map<number, Float32Array>();
    for (const [index, row] of rows) {
      if (size + row.length > capacity) break;
      if (!store.has(index)) size += row.length;
      store.set(index, row);
    }
    into.set(purpose, store);
  }
}

/** Drops the rows of samples that will not be attacked again. */
export function forgetSamples(memo: CaseMemo, indices: Iterable<number>): void {
  for (const index of indices) for (const rows of memo.values()) rows.delete(index);
}

/** The part of a memo that concerns `indices` (what a worker thread needs for its chunk). */
export function sliceMemo(memo: CaseMemo | undefined, indices: number[]): CaseMemo | undefined {
  if (!memo || memo.size === 0) return undefined;
  const slice: CaseMemo = new Map();
  for (const [purpose, rows] of memo) {
    const part = new Map<number, Float32Array>();
    for (const index of indices) {
      const row = rows.get(index);
      if (row) part.set(index, row);
    }
    slice.set(purpose, part);
  }
  return slice;
}
