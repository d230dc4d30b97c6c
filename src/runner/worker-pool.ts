import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { errorFromRecord, RuntimeFailure } from '../errors.js';
import type { ResolvedSuite } from '../suite/types.js';
import type { CaseInput, CaseOutcome } from './execute-case.js';
import { sliceMemo } from './case-memo.js';
import type { FromWorker, ToWorker, WorkerEngine, WorkerError } from './worker-protocol.js';

const workerUrl = new URL('./case-worker.js', import.meta.url);

/**
 * Creates `count` worker threads, which start loading their modules at once; `CaseWorkerPool.start`
 * later gives them a suite.
 */
export function bootWorkers(count: number): Worker[] {
  return Array.from({ length: count }, () => {
    const worker = new Worker(workerUrl);
    // Kept until `start` listens: an error while loading must not be an unhandled 'error' event.
    worker.once('error', (error) => bootErrors.set(worker, error));
    return worker;
  });
}

const bootErrors = new WeakMap<Worker, Error>();

/** Whether the compiled worker entry exists (it does not when running from TypeScript sources). */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(workerUrl));
}

function toError(error: WorkerError): Error {
  return errorFromRecord(error, error.exitCode);
}

/**
 * Worker threads, each with its own backend, model and dataset for one suite, running chunks of
 * a case's samples (see `executeInChunks`). Results are identical to a single-threaded run
 * however the samples are split (randomness is seeded per sample). Used for the CPU engines
 * (ONNX Runtime with its share of the cores, tfjs wasm/cpu), whose kernels run on one thread.
 */
export class CaseWorkerPool {
  private nextId = 0;
  private readonly pending = new Map<number, {
    resolve(outcome: CaseOutcome): void; reject(error: Error): void; onProgress(done: number, robust: number): void; onWarning(message: string): void;
  }>();

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (message: FromWorker) => this.receive(message));
      worker.on('error', (error) => this.failAll(new RuntimeFailure('WORKER_FAILED', `A worker thread failed: ${error.message}`)));
    }
  }

  /** Loads the suite's model and data in each of `workers` (from {@link bootWorkers}). */
  static async start(suite: ResolvedSuite, backend: string, engine: WorkerEngine, workers: Worker[]): Promise<CaseWorkerPool> {
    try {
      await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
        const onMessage = (message: FromWorker) => {
          if (message.type === 'ready') resolve();
          if (message.type === 'init-error') reject(toError(message.error));
          worker.off('message', onMessage);
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
        const early = bootErrors.get(worker);
        if (early) reject(early);
        worker.postMessage({ type: 'init', suite, backend, engine } satisfies ToWorker);
      })));
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }
    return new CaseWorkerPool(workers);
  }

  /** Number of worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Runs one chunk of a case (a few batches of contiguous samples) on worker `worker`; same
   * contract as `executeCase` for those samples. `input.onBatch` receives the chunk's progress.
   */
  run(worker: number, input: CaseInput): Promise<CaseOutcome> {
    const id = this.nextId++;
    return new Promise<CaseOutcome>((resolve, reject) => {
      this.pending.set(id, {
        resolve, reject,
        onProgress: (done, robust) => input.onBatch?.(done, robust),
        onWarning: (message) => input.onWarning?.(message),
      });
      this.workers[worker]!.postMessage({
        type: 'case', id, attack: input.attack, budget: input.budget, sampleIndices: input.sampleIndices,
        labels: input.labels, seed: input.seed, batchSize: input.batchSize,
        memo: sliceMemo(input.memo, input.sampleIndices), keepAdversarials: input.keepAdversarials,
      } satisfies ToWorker);
    });
  }

  /** Asks every worker to stop its current chunk after the batch it is on. */
  abort(): void {
    for (const worker of this.workers) worker.postMessage({ type: 'abort' } satisfies ToWorker);
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
