import type { OrtSession } from './ort-session.js';

/**
 * Most input values one ONNX Runtime run takes (2^20: 4 MiB of float32). ONNX Runtime keeps
 * every activation of a run (and, in a gradient graph, what the backward pass needs) in its
 * arena, so a run's memory grows with its rows; the first run at a size touches all of it.
 * Measured on the 128×128×3 antispoof model (gradient graph, 2 threads): 128 rows per run took
 * 2.0 GB and a first run of 4.2 s (then 1.0 s: 125 rows/s); 32 rows took 0.68 GB, a first run of
 * 0.97 s and 152 rows/s after. Small inputs (28×28: 6.9 k rows/s at 128 rows, 6.7 k at 32) keep
 * whole batches: per-run overhead matters there, memory does not.
 */
export const maxInputValuesPerRun = 2 ** 20;

/** Rows per run for samples of `sampleValues` input values: whole batches for small inputs. */
export function rowsPerRun(sampleValues: number): number {
  return Math.max(1, Math.floor(maxInputValuesPerRun / Math.max(1, sampleValues)));
}

/** A feed whose first axis is the sample: `rowShape` is the shape of one row. */
export interface RowFeed {
  data: Float32Array;
  rowShape: readonly number[];
}

/**
 * Runs `session` on `rows` rows in runs of at most `limit` rows and joins the outputs row-wise.
 * Every graph robustcheck runs computes each sample on its own (no batch statistics), so a row's
 * result does not depend on which run it was in.
 *
 * @returns each output's data for all rows, and its shape per row
 */
export function runInRows(session: OrtSession, rows: number, limit: number, feeds: Record<string, RowFeed>, outputs: readonly string[]): Record<string, { data: Float32Array; rowShape: number[] }> {
  const joined: Record<string, { data: Float32Array; rowShape: number[] }> = {};
  // do…while: an empty batch still makes one (empty) run, as a single run would.
  let start = 0;
  do {
    const count = Math.min(limit, rows - start);
    const partFeeds: Parameters<OrtSession['run']>[0] = {};
    for (const [name, feed] of Object.entries(feeds)) {
      const rowLength = feed.data.length / rows;
      const data = count === rows ? feed.data : feed.data.subarray(start * rowLength, (start + count) * rowLength);
      partFeeds[name] = { data, dims: [count, ...feed.rowShape] };
    }
    const result = session.run(partFeeds, outputs);
    for (const name of outputs) {
      const tensor = result[name]!;
      const data = tensor.data as Float32Array;
      if (count === rows) {
        joined[name] = { data, rowShape: tensor.dims.slice(1) };
        continue;
      }
      const rowLength = data.length / count;
      joined[name] ??= { data: new Float32Array(rows * rowLength), rowShape: tensor.dims.slice(1) };
      joined[name].data.set(data, start * rowLength);
    }
    start += limit;
  } while (start < rows);
  return joined;
}
