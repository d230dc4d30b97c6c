import { availableParallelism } from 'node:os';
import type { ResolvedSuite } from '../suite/types.js';
import type { EventSink } from '../events/run-event.js';
import { executeCase, type CaseInput, type CaseOutcome } from './execute-case.js';
import { CaseWorkerPool, workersAvailable } from './worker-pool.js';

/** Runs attack cases, on this thread or split across worker threads. */
export interface CaseExecutor {
  execute(input: CaseInput): Promise<CaseOutcome>;
  close(): Promise<void>;
}

/**
 * Cases smaller than this many batches run on this thread: starting workers (each loads tfjs,
 * the model and the data: ~1–2 s) and splitting a handful of samples costs more than it saves.
 */
const minBatchesForWorkers = 2;

/**
 * The executor of a suite's attack cases. With `workers` > 1 on a backend that runs kernels on one
 * thread (wasm, cpu), the worker pool is started the first time a case is large enough and reused
 * for the rest of the suite; results are identical either way (randomness is seeded per sample).
 * If the workers cannot start, cases run here and a warning event says why.
 */
export function createCaseExecutor(input: {
  suite: ResolvedSuite; backend: string; workers: number; numClasses: number; emit: EventSink; inMemory: boolean;
  /** The engine the suite's model runs on (workers load theirs the same way). */
  engine: 'onnxruntime' | 'tfjs';
}): CaseExecutor {
  const { suite } = input;
  // Native TensorFlow and WebGPU already run kernels in parallel (and a GPU device is not shared).
  const usable = input.workers > 1 && input.backend !== 'tensorflow' && input.backend !== 'webgpu' && !input.inMemory;
  let pool: Promise<CaseWorkerPool | undefined> | undefined;
  const warn = (message: string) => input.emit({ type: 'log', level: 'warn', suiteId: suite.id, message });
  const startPool = async (): Promise<CaseWorkerPool | undefined> => {
    if (!workersAvailable()) {
      warn('worker threads need the built package (dist/); running on one thread');
      return undefined;
    }
    try {
      // Each worker's ONNX Runtime gets its share of the cores, so workers do not oversubscribe them.
      const threads = Math.max(1, Math.floor(availableParallelism() / input.workers));
      return await CaseWorkerPool.start(suite, input.backend, { engine: input.engine, threads }, input.workers, input.numClasses);
    } catch (error) {
      warn(`worker threads could not start (${(error as Error).message}); running on one thread`);
      return undefined;
    }
  };
  return {
    async execute(caseInput) {
      if (!usable || caseInput.sampleIndices.length < minBatchesForWorkers * caseInput.batchSize) return executeCase(caseInput);
      pool ??= startPool();
      const started = await pool;
      return started ? started.execute(caseInput) : executeCase(caseInput);
    },
    async close() {
      await (await pool)?.close();
    },
  };
}
