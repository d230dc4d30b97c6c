import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, RuntimeFailure } from '../errors.js';
import type { ResolvedSuite } from '../suite/types.js';
import type { CaseInput, CaseOutcome } from './execute-case.js';
import { mergeMemo, sliceMemo, type CaseMemo } from './case-memo.js';
import { pickExamples } from './examples.js';
import type { FromWorker, ToWorker, WorkerEngine, WorkerError } from './worker-protocol.js';

const workerUrl = new URL('./case-worker.js', import.meta.url);

/** Whether the compiled worker entry exists (it does not when running from TypeScript sources). */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(workerUrl));
}

function toError(error: WorkerError): Error {
  return error.exitCode === 2 ? new InputError(error.code, error.message) : new RuntimeFailure(error.code, error.message);
}

/** Concatenates per-chunk outcomes in sample order. */
function mergeOutcomes(parts: CaseOutcome[], classes: number): CaseOutcome {
  const concat = <T extends Uint8Array | Int32Array | Float32Array>(make: (n: number) => T, pick: (part: CaseOutcome) => T | undefined): T => {
    const total = parts.reduce((sum, part) => sum + (pick(part)?.length ?? 0), 0);
    const out = make(total);
    let offset = 0;
    for (const part of parts) {
      const values = pick(part);
      if (values) out.set(values, offset);
      offset += values?.length ?? 0;
    }
    return out;
  };
  const candidates = parts.map((part) => part.exampleCandidates);
  const memo: CaseMemo = new Map();
  parts.forEach((part) => mergeMemo(memo, part.memo, Infinity));
  void classes;
  return {
    robust: concat((n) => new Uint8Array(n), (part) => part.robust),
    hits: parts[0]!.hits ? concat((n) => new Uint8Array(n), (part) => part.hits) : undefined,
    predictions: concat((n) => new Int32Array(n), (part) => part.predictions),
    probabilities: concat((n) => new Float32Array(n), (part) => part.probabilities),
    sizes: parts.flatMap((part) => part.sizes),
    examples: pickExamples(candidates),
    exampleCandidates: { broken: candidates.flatMap((c) => c.broken), robust: candidates.flatMap((c) => c.robust) },
    finished: parts.every((part) => part.finished),
    memo,
    ...(parts[0]!.minimal ? { minimal: Float64Array.from(parts.flatMap((part) => Array.from(part.minimal ?? []))) } : {}),
    ...mergeStats(parts),
    ...(parts[0]!.adversarials ? { adversarials: concat((n) => new Float32Array(n), (part) => part.adversarials) } : {}),
  };
}

/** Concatenates the chunks' per-sample statistics (NaN where a chunk did not tally a stat). */
function mergeStats(parts: CaseOutcome[]): { stats?: Record<string, Float64Array> } {
  const names = [...new Set(parts.flatMap((part) => Object.keys(part.stats ?? {})))];
  if (names.length === 0) return {};
  return {
    stats: Object.fromEntries(names.map((name) => [name, Float64Array.from(parts.flatMap((part) => Array.from(part.stats?.[name] ?? new Float64Array(part.robust.length).fill(NaN))))])),
  };
}

/**
 * Worker threads, each with its own backend, model and dataset for one suite. A case's samples are
 * split into contiguous chunks, one per worker; the outcomes are concatenated in order, so results
 * are identical to a single-threaded run (randomness is seeded per sample). Used for the CPU
 * backends (wasm, cpu), whose kernels run on one thread.
 */
export class CaseWorkerPool {
  private nextId = 0;
  private readonly pending = new Map<number, {
    resolve(outcome: CaseOutcome): void; reject(error: Error): void; onProgress(done: number, robust: number): void; onWarning(message: string): void;
  }>();

  private constructor(private readonly workers: Worker[], private readonly numClasses: number) {
    for (const worker of workers) {
      worker.on('message', (message: FromWorker) => this.receive(message));
      worker.on('error', (error) => this.failAll(new RuntimeFailure('WORKER_FAILED', `A worker thread failed: ${error.message}`)));
    }
  }

  /** Starts `count` workers and loads the suite's model and data in each. */
  static async start(suite: ResolvedSuite, backend: string, engine: WorkerEngine, count: number, numClasses: number): Promise<CaseWorkerPool> {
    const workers = Array.from({ length: count }, () => new Worker(workerUrl));
    try {
      await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
        const onMessage = (message: FromWorker) => {
          if (message.type === 'ready') resolve();
          if (message.type === 'init-error') reject(toError(message.error));
          worker.off('message', onMessage);
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
        worker.postMessage({ type: 'init', suite, backend, engine } satisfies ToWorker);
      })));
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }
    return new CaseWorkerPool(workers, numClasses);
  }

  /** Number of worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /** Runs a case split across the workers; same contract as `executeCase`. */
  async execute(input: CaseInput): Promise<CaseOutcome> {
    const count = input.sampleIndices.length;
    const chunkSize = Math.ceil(count / this.workers.length);
    const progress = new Array<{ done: number; robust: number }>(this.workers.length).fill({ done: 0, robust: 0 });
    const onAbort = () => this.workers.forEach((worker) => worker.postMessage({ type: 'abort' } satisfies ToWorker));
    input.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const parts = await Promise.all(this.workers.map((worker, w) => {
        const start = w * chunkSize;
        const sampleIndices = input.sampleIndices.slice(start, start + chunkSize);
        if (sampleIndices.length === 0) return Promise.resolve(undefined);
        const id = this.nextId++;
        return new Promise<CaseOutcome>((resolve, reject) => {
          this.pending.set(id, {
            resolve, reject,
            onProgress: (done, robust) => {
              progress[w] = { done, robust };
              input.onBatch?.(progress.reduce((sum, p) => sum + p.done, 0), progress.reduce((sum, p) => sum + p.robust, 0));
            },
            onWarning: (message) => input.onWarning?.(message),
          });
          worker.postMessage({
            type: 'case', id, attackId: input.attack.id, budget: input.budget, sampleIndices,
            labels: input.labels.slice(start, start + chunkSize), seed: input.seed, batchSize: input.batchSize,
            memo: sliceMemo(input.memo, sampleIndices), keepAdversarials: input.keepAdversarials,
          } satisfies ToWorker);
        });
      }));
      return mergeOutcomes(parts.filter((part): part is CaseOutcome => part !== undefined), this.numClasses);
    } finally {
      input.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private receive(message: FromWorker): void {
    if (message.type === 'ready' || message.type === 'init-error') return;
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    if (message.type === 'progress') return waiting.onProgress(message.done, message.robustSoFar);
    if (message.type === 'warning') return waiting.onWarning(message.message);
    this.pending.delete(message.id);
    if (message.type === 'result') waiting.resolve(message.outcome);
    else waiting.reject(toError(message.error));
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
