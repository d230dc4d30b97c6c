import type { ResolvedAttack, ResolvedSuite } from '../suite/types.js';
import type { OrtHandoff } from '../engine/ort-classifier.js';
import type { EngineName } from '../report/engine-types.js';
import type { CaseMemo } from './case-memo.js';
import type { CaseOutcome } from './execute-case.js';

/** Messages from the main thread to a case worker. */
export type ToWorker =
  | { type: 'init'; suite: ResolvedSuite; backend: string; engine: WorkerEngine }
  // The attack travels with each case: checks may add attacks after the workers started.
  | { type: 'case'; id: number; attack: ResolvedAttack; budget: number; sampleIndices: number[]; labels: Int32Array; seed: number; batchSize: number; memo?: CaseMemo; keepAdversarials?: boolean }
  | { type: 'abort' };

/** A typed error crossing the thread boundary. */
export interface WorkerError {
  code: string;
  message: string;
  exitCode: number;
}

/** Messages from a case worker to the main thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; error: WorkerError }
  | { type: 'progress'; id: number; done: number; robustSoFar: number }
  | { type: 'warning'; id: number; message: string }
  | { type: 'result'; id: number; outcome: CaseOutcome }
  | { type: 'error'; id: number; error: WorkerError };

/** The engine a worker loads its model with: the one the main thread chose, sized for its share of the cores. */
export interface WorkerEngine {
  engine: EngineName;
  /** ONNX Runtime intra-op threads per worker. */
  threads: number;
  /** The main thread's ONNX Runtime classifier, rebuilt as is instead of loading the model again. */
  handoff?: OrtHandoff;
}
