import { executeCase, type CaseInput, type CaseOutcome } from './execute-case.js';
import { captureCandidates, chooseExamples } from './examples.js';
import { mergeOutcomes } from './merge-outcomes.js';
import type { CaseWorkerPool } from './worker-pool.js';

/**
 * Chunks each worker holds at once: one running and one queued, so a worker never waits for this
 * thread to hand it the next one.
 */
const chunksPerWorker = 2;

/** Samples `[start, end)` of a case's `sampleIndices`. */
interface Chunk {
  start: number;
  end: number;
}

function chunkInput(input: CaseInput, chunk: Chunk, onBatch: (done: number, robust: number) => void): CaseInput {
  return {
    ...input, sampleIndices: input.sampleIndices.slice(chunk.start, chunk.end),
    labels: input.labels.subarray(chunk.start, chunk.end), onBatch, deferExamples: true,
  };
}

/**
 * Runs a case on a worker pool as chunks of one batch each, handed out as workers free up, which
 * balances the load when early stopping makes some batches much shorter than others (a fixed
 * split leaves one worker idle while the other finishes). Outcomes are concatenated in sample
 * order and the examples captured from the merged candidates: the result is identical to one
 * `executeCase` over all samples, because every batch is the same batch and randomness is seeded
 * per sample. Without a pool (it could not start) the case runs on this thread.
 */
export async function executeInChunks(input: CaseInput, start: Promise<CaseWorkerPool | undefined>): Promise<CaseOutcome> {
  const pool = await start;
  if (!pool) return executeCase(input);
  const count = input.sampleIndices.length;
  const chunks: Chunk[] = [];
  for (let first = 0; first < count; first += input.batchSize) chunks.push({ start: first, end: Math.min(count, first + input.batchSize) });
  const parts = new Array<CaseOutcome | undefined>(chunks.length);
  const progress = chunks.map(() => ({ done: 0, robust: 0 }));
  const report = () => input.onBatch?.(
    progress.reduce((sum, entry) => sum + entry.done, 0), progress.reduce((sum, entry) => sum + entry.robust, 0));
  let next = 0;
  let failure: { error: unknown } | undefined;
  const stopped = () => failure !== undefined || input.signal?.aborted === true;
  const running = new Set<Promise<void>>();
  const load = new Array<number>(pool.size).fill(0);

  const dispatch = (worker: number) => {
    const k = next++;
    load[worker]!++;
    const onBatch = (done: number, robust: number) => {
      progress[k] = { done, robust };
      report();
    };
    const task: Promise<void> = pool.run(worker, chunkInput(input, chunks[k]!, onBatch)).then((outcome) => {
      parts[k] = outcome;
    }, (error: unknown) => {
      failure ??= { error };
      pool.abort();
    }).finally(() => {
      load[worker]!--;
      running.delete(task);
      feed();
    });
    running.add(task);
  };
  const feed = () => {
    for (let worker = 0; worker < pool.size; worker++) {
      while (load[worker]! < chunksPerWorker && next < chunks.length && !stopped()) dispatch(worker);
    }
  };
  const onAbort = () => pool.abort();
  input.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    feed();
    while (running.size > 0) await Promise.race(running);
  } finally {
    input.signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure.error;
  const merged = mergeOutcomes(parts.filter((part): part is CaseOutcome => part !== undefined));
  // A stopped case is discarded by the caller; only a finished one needs its examples.
  if (stopped() || parts.some((part) => part === undefined || !part.finished)) return { ...merged, finished: false };
  return { ...merged, examples: captureCandidates(input.classifier, chooseExamples([merged.exampleCandidates])) };
}
