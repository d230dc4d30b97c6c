import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { OrtHandoff } from '../engine/ort-classifier.js';
import type { EngineName } from '../report/engine-types.js';
import type { ResolvedSuite } from '../suite/types.js';
import type { EventSink } from '../events/run-event.js';
import { executeCase, type CaseInput, type CaseOutcome } from './execute-case.js';
import { executeInChunks } from './chunk-scheduler.js';
import { bootWorkers, CaseWorkerPool, workersAvailable } from './worker-pool.js';

/** Runs attack cases, on this thread or split across worker threads. */
export interface CaseExecutor {
  /**
   * Starts the worker threads' module loading (about a second each) while this thread loads the
   * model, when the suite's data file is large enough that its cases will probably use them.
   */
  boot(limit: number | undefined): void;
  /**
   * Says which engine the workers load, and starts the pool ahead of the first case when
   * `samples` (the suite's selected samples) are enough to use it, so the workers load while this
   * thread runs the clean pass.
   */
  prepare(input: { samples: number; batchSize: number; engine: EngineName; handoff?: OrtHandoff }): void;
  execute(input: CaseInput): Promise<CaseOutcome>;
  close(): Promise<void>;
}

/**
 * Cases smaller than this many batches run on this thread: starting workers (each loads tfjs,
 * the model and the data: ~1–2 s) and splitting a handful of samples costs more than it saves.
 */
const minBatchesForWorkers = 2;

/**
 * Data files at least this large boot the workers before the model loads: 256 KiB holds two
 * batches of 128 even for 28×28 uint8 images compressed 2:1 (the demo's 1,000 samples are 440
 * KiB). A wrong guess costs CPU time only: booted workers that no case needs are stopped.
 */
const bootDataBytes = 256 * 1024;

function dataFileBytes(path: string): number {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.size : 0;
  } catch {
    return 0;
  }
}

/**
 * The executor of a suite's attack cases. With `workers` > 1 on a backend that runs kernels on one
 * thread (wasm, cpu), the worker pool is started the first time a case is large enough, or
 * earlier by `boot` and `prepare`, and reused for the rest of the suite. Results are identical
 * either way (randomness is seeded per sample). If the workers cannot start, cases run here and a
 * warning event says why.
 */
export function createCaseExecutor(input: {
  suite: ResolvedSuite; backend: string; workers: number; emit: EventSink; inMemory: boolean;
}): CaseExecutor {
  const { suite } = input;
  // Native TensorFlow and WebGPU already run kernels in parallel (and a GPU device is not shared).
  const usable = input.workers > 1 && input.backend !== 'tensorflow' && input.backend !== 'webgpu' && !input.inMemory && workersAvailable();
  let booted: Worker[] | undefined;
  let engine: Parameters<CaseExecutor['prepare']>[0] | undefined;
  let pool: Promise<CaseWorkerPool | undefined> | undefined;
  const warn = (message: string) => input.emit({ type: 'log', level: 'warn', suiteId: suite.id, message });
  const startPool = async (): Promise<CaseWorkerPool | undefined> => {
    if (!workersAvailable()) {
      warn('worker threads need the built package (dist/); running on one thread');
      return undefined;
    }
    const workers = booted;
    booted = undefined;
    try {
      // Each worker's ONNX Runtime gets its share of the cores, so workers do not oversubscribe them.
      const threads = Math.max(1, Math.floor(availableParallelism() / input.workers));
      return await CaseWorkerPool.start(suite, input.backend, {
        engine: engine?.engine ?? 'tfjs', threads, ...(engine?.handoff ? { handoff: engine.handoff } : {}),
      }, workers ?? bootWorkers(input.workers));
    } catch (error) {
      warn(`worker threads could not start (${(error as Error).message}); running on one thread`);
      return undefined;
    }
  };
  const worthWorkers = (samples: number, batchSize: number) => usable && samples >= minBatchesForWorkers * batchSize;
  return {
    boot(limit) {
      const enough = limit === undefined || worthWorkers(limit, suite.data.batchSize);
      if (usable && enough && suite.attacks.length > 0 && dataFileBytes(suite.data.path) >= bootDataBytes) booted ??= bootWorkers(input.workers);
    },
    prepare(options) {
      engine = options;
      if (worthWorkers(options.samples, options.batchSize)) pool ??= startPool();
    },
    async execute(caseInput) {
      if (!worthWorkers(caseInput.sampleIndices.length, caseInput.batchSize)) return executeCase(caseInput);
      pool ??= startPool();
      return executeInChunks(caseInput, pool);
    },
    async close() {
      await Promise.all((booted ?? []).map((worker) => worker.terminate()));
      booted = undefined;
      await (await pool)?.close();
    },
  };
}
