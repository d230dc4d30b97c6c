import { OrtClassifier } from '../engine/ort-classifier.js';
import { availableParallelism, cpus, platform, arch } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { findAttack } from '../../attacks/registry.js';
import { loadDataset } from '../data/load-dataset.js';
import type { ExpectedData } from '../data/expected-data.js';
import { printable, RobustcheckError, RuntimeFailure } from '../errors.js';
import { isWasmCrash } from '../model/wasm-crash.js';
import { loadClassifier, type LoadedModel } from '../model/load-model.js';
import type { BackendSelection } from '../events/backend-selection.js';
import type { Dataset } from '../data/dataset.js';
import type { Classifier } from '../model/classifier.js';
import type { EnvironmentInfo, SuiteReport } from '../report/report-types.js';
import type { ResolvedSuite } from '../suite/types.js';
import { tool } from '../version.js';
import { wilsonInterval } from '../metrics/wilson.js';
import { runCleanPassUntil } from './clean-pass.js';
import type { EventSink } from '../events/run-event.js';
import { runAttack } from './run-attack.js';
import { attackCacheKey, readCachedAttack, writeCachedAttack } from './result-cache.js';
import { createCaseExecutor, type CaseExecutor } from './case-executor.js';
import { attackTraits } from '../metrics/sanity/attack-traits.js';
import { probeModel, runSanityProbes } from './sanity-probes.js';
import { remedyAttacks } from './remedy-attacks.js';
import { assembleReport, caseResultOf } from './assemble-report.js';
import type { AttackOutcomes } from './attack-outcomes.js';
import { checkBatchValues } from './batch-limit.js';
import { startSuiteDeadline } from './suite-deadline.js';
import { elementCount } from '../model/model-limits.js';
import { selectSamples, type Shard } from '../data/sample-selection.js';
import { AdversarialExporter } from '../report/adversarial-export.js';

/** Options of one suite run (from the CLI flags). */
export interface RunSuiteOptions {
  backend: BackendSelection;
  shard?: Shard;
  limit?: number;
  signal?: AbortSignal;
  emit: EventSink;
  /** Worker threads for attack cases on CPU backends (1 = run on this thread). */
  workers?: number;
  /**
   * Replaces how the model and the data are loaded (programmatic API, vitest matchers: a model or
   * arrays already in memory). Defaults: `loadClassifier`, `loadDataset`. With either replaced,
   * attack cases run on this thread: worker threads would load the suite's files themselves.
   */
  loaders?: SuiteLoaders;
  /** `--baseline`: where it was looked up and this suite's earlier report there, if any. */
  baseline?: { source: string; report?: SuiteReport };
  /** `--save-adversarials`: folder of this suite's exported adversarial `.npy` files. */
  saveAdversarials?: string;
  /** Result cache folder: finished attacks are stored there and reused when nothing they depend on changed (absent: no cache). */
  cacheDir?: string;
}

/** Model and data loaders a suite run can be given instead of reading the suite's files. */
export interface SuiteLoaders {
  /** Loads the classifier; the run owns it and disposes it at the end. */
  model?: (spec: ResolvedSuite['model']) => Promise<LoadedModel>;
  /** Loads the evaluation data, checked against what the model expects. */
  data?: (spec: ResolvedSuite['data'], expected: ExpectedData) => Promise<Dataset>;
}

/** Facts about the machine and backend recorded in every report. */
export function describeEnvironment(backend: BackendSelection): EnvironmentInfo {
  return {
    backend: backend.backend,
    backendReason: backend.reason,
    skippedBackends: backend.skipped,
    tfjsVersion: tf.version.tfjs,
    node: process.version,
    platform: `${platform()}-${arch()}`,
    cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
    ...(backend.gpu !== undefined ? { gpu: backend.gpu } : {}),
    ...(backend.adapter ? { adapter: backend.adapter } : {}),
  };
}

/**
 * Runs one suite: load model and data, clean pass, then every attack over its ascending budgets.
 * A sample broken at a smaller budget counts as broken at every larger one and is not attacked
 * again (the smaller adversarial is inside the larger ball), which makes curves monotone by
 * construction and saves work. Never throws for evaluation problems: an error becomes a report
 * with verdict `error` holding every result finished before it.
 */
export async function runSuite(declared: ResolvedSuite, options: RunSuiteOptions): Promise<SuiteReport> {
  let suite = declared;
  const startedAt = new Date();
  const started = performance.now();
  const outcomes: AttackOutcomes[] = [];
  let classifier: Classifier | undefined;
  let executor: CaseExecutor | undefined;
  const partial: Parameters<typeof assembleReport>[0] = {
    suite, tool, environment: describeEnvironment(options.backend), startedAt, shard: options.shard,
    limit: options.limit ?? suite.data.limit, outcomes, complete: false,
    ...(options.baseline ? { baseline: options.baseline } : {}),
  };
  // The user's Ctrl-C and the suite's timeoutSeconds both stop it after the current batch.
  const deadline = startSuiteDeadline(options.signal, suite.timeoutSeconds, suite.id);
  const signal = deadline.signal;
  // Between phases: a Ctrl-C during model or data loading stops the suite before the next phase
  // (a timeout becomes SUITE_TIMEOUT; an interruption leaves the report incomplete, never pass).
  const stopIfAborted = () => {
    deadline.throwIfExpired();
    if (signal?.aborted) throw interruption;
  };
  try {
    stopIfAborted();
    executor = createCaseExecutor({
      suite, backend: options.backend.backend, workers: options.workers ?? 1, emit: options.emit, inMemory: options.loaders !== undefined,
    });
    // Workers load their modules while this thread loads the model, and the model and data while it runs the clean pass.
    executor.boot(options.limit ?? suite.data.limit);
    const loaded = await (options.loaders?.model ?? ((spec) => loadClassifier(spec, { engine: suite.engine, threads: availableParallelism() })))(suite.model);
    if (loaded.engine) partial.environment = { ...partial.environment, engine: loaded.engine };
    const model: Classifier = loaded.classifier;
    classifier = model;
    stopIfAborted();
    partial.model = { sha256: loaded.sha256, format: loaded.format, classifier: model };
    checkBatchValues(suite.data.batchSize, elementCount(model.inputShape), suite.displayPath);
    const dataset = await (options.loaders?.data ?? loadDataset)(suite.data, {
      inputShape: model.inputShape, inputRange: model.inputRange, numClasses: model.numClasses,
    });
    const indices = selectSamples(dataset.size, options.limit ?? suite.data.limit, options.shard);
    partial.dataSize = dataset.size;
    partial.dataHashes = { sha256: dataset.sha256, labelsSha256: dataset.labelsSha256 };
    executor.prepare({
      samples: suite.attacks.length > 0 ? indices.length : 0, batchSize: suite.data.batchSize, engine: loaded.engine?.engine ?? 'tfjs',
      ...(model instanceof OrtClassifier ? { handoff: model.handoff() } : {}),
    });
    stopIfAborted();
    const clean = await runCleanPassUntil(signal, model, dataset, indices, suite.data.batchSize, suite.data.labels);
    if (!clean) throw interruption;
    if (suite.checks.autoSquare || suite.checks.autoRand) {
      // Remedy attacks are decided before the attacks run, so every event and worker knows them.
      const remedies = remedyAttacks(suite, probeModel({ classifier: model, dataset, indices, clean, batchSize: suite.data.batchSize }));
      if (remedies.length > 0) {
        suite = { ...suite, attacks: [...suite.attacks, ...remedies.map((remedy) => remedy.attack)] };
        partial.suite = suite;
      }
      for (const remedy of remedies) {
        options.emit({ type: 'log', level: 'info', suiteId: suite.id, message: `checks: added attack "${remedy.attack.id}" because ${remedy.reason}.` });
      }
    }
    options.emit({
      type: 'suite:start', suiteId: suite.id, path: suite.displayPath, samples: indices.length, time: startedAt.toISOString(),
      ...(loaded.engine ? { engine: { engine: loaded.engine.engine, reason: loaded.engine.reason } } : {}),
      attacks: suite.attacks.map((attack) => ({ id: attack.id, type: attack.type, ...(attack.norm ? { norm: attack.norm } : {}), budgets: attack.budgets, budgetKind: attack.budgetKind })),
    });
    partial.indices = indices;
    partial.clean = clean;
    const correct = clean.correct.reduce((sum, flag) => sum + flag, 0);
    options.emit({
      type: 'clean:end', suiteId: suite.id, samples: indices.length, correct,
      accuracy: indices.length ? correct / indices.length : 0, ci95: wilsonInterval(correct, indices.length),
    });
    const exporter = options.saveAdversarials ? new AdversarialExporter(options.saveAdversarials, suite.id, model.inputShape) : undefined;
    // Exported adversarials need the tensors of a live run, so --save-adversarials bypasses the cache.
    const cacheDir = options.saveAdversarials ? undefined : options.cacheDir;
    const cacheContext = { toolVersion: tool.version, engine: loaded.engine?.engine ?? 'tfjs', backend: options.backend.backend, modelSha256: loaded.sha256, dataSha256: dataset.sha256, labelsSha256: dataset.labelsSha256, suite, indices };
    for (const attack of suite.attacks) {
      const definition = findAttack(attack.type);
      if (!definition) throw new RuntimeFailure('UNKNOWN_ATTACK', `Unknown attack type "${attack.type}".`);
      const cacheKey = cacheDir ? attackCacheKey(cacheContext, attack) : undefined;
      const cached = cacheKey ? readCachedAttack(cacheDir!, cacheKey, attack) : undefined;
      if (cached) {
        for (const entry of cached.cases) {
          options.emit({
            type: 'case:end', suiteId: suite.id, attackId: attack.id, budget: entry.budget,
            result: caseResultOf(attack, entry, clean, { numClasses: model.numClasses, classNames: suite.model.classNames }),
          });
        }
        outcomes.push(cached);
        continue;
      }
      const fresh = await runAttack({
        classifier: model, dataset, attack, definition, indices, clean, seed: suite.seed, batchSize: suite.data.batchSize,
        signal, execute: (input) => executor!.execute(input),
        onProgress: (budget, done, total, robustSoFar) => options.emit({
          type: 'case:progress', suiteId: suite.id, attackId: attack.id, budget, done, total, robustSoFar,
        }),
        onCase: (entry) => options.emit({
          type: 'case:end', suiteId: suite.id, attackId: attack.id, budget: entry.budget,
          result: caseResultOf(attack, entry, clean, { numClasses: model.numClasses, classNames: suite.model.classNames }),
        }),
        onWarning: (message) => options.emit({ type: 'log', level: 'warn', suiteId: suite.id, message: `${attack.id}: ${message}` }),
        onAdversarials: exporter ? (entry) => exporter.save({
          attackId: attack.id, budgetKind: attack.budgetKind, budget: entry.budget, indices: entry.sampleIndices,
          labels: entry.labels, predictions: entry.predictions, values: entry.values,
        }) : undefined,
      });
      outcomes.push(fresh);
      if (signal?.aborted) break;
      if (cacheKey && fresh.cases.length === attack.budgets.length) writeCachedAttack(cacheDir!, cacheKey, fresh);
    }
    if (!signal?.aborted) {
      partial.probes = await runSanityProbes({
        classifier: model, dataset, attacks: suite.attacks, indices, clean, outcomes, seed: suite.seed, batchSize: suite.data.batchSize, signal,
      }, attackTraits(suite.attacks));
    }
    deadline.throwIfExpired();
    partial.complete = !signal?.aborted;
  } catch (error) {
    if (error === interruption) {
      // Stopped between phases: incomplete (verdict interrupted), or SUITE_TIMEOUT when the budget ran out.
      if (deadline.expired()) partial.error = describeSuiteError(timeoutError(deadline));
    } else {
      partial.error = describeSuiteError(error);
    }
  } finally {
    deadline.dispose();
    // Cleanup after a crash (e.g. a wasm heap the model corrupted) may crash too: that must neither
    // replace the original error nor stop the reports from being written.
    const cleanupErrors = [await settle(() => classifier?.dispose()), await settle(() => executor?.close())].filter((entry) => entry !== undefined);
    for (const message of cleanupErrors) options.emit({ type: 'log', level: 'warn', suiteId: suite.id, message: `cleanup after the suite failed: ${message}` });
    if (cleanupErrors.length > 0 && !partial.error && partial.complete) {
      // Results are measured, but a model that cannot be released left the engine in an unknown state.
      partial.error = { code: 'CLEANUP_FAILED', message: `Releasing the model after the suite failed (${cleanupErrors[0]}); results may not be trustworthy. Re-run the suite; if it persists, report it with the model.`, exitCode: 3 };
    }
  }
  partial.durationMs = performance.now() - started;
  try {
    return assembleReport(partial);
  } catch (error) {
    // A report must still come out: keep what identifies the run, with the error that stopped it.
    return assembleReport({ ...partial, outcomes: [], clean: undefined, indices: undefined, probes: undefined, complete: false, error: partial.error ?? describeSuiteError(error) });
  }
}

/** The SUITE_TIMEOUT error of an expired deadline. */
function timeoutError(deadline: { throwIfExpired(): void }): unknown {
  try {
    deadline.throwIfExpired();
    return new Error('timeout');
  } catch (error) {
    return error;
  }
}

/** Marks an interruption between phases (caught in runSuite, never escapes it). */
const interruption = new Error('interrupted');

/** A suite error as a report records it: typed errors keep their code and exit code. */
function describeSuiteError(error: unknown): NonNullable<Parameters<typeof assembleReport>[0]['error']> {
  if (error instanceof RobustcheckError) return { code: error.code, message: error.message, exitCode: error.exitCode };
  if (isWasmCrash(error)) {
    return { code: 'MODEL_KERNEL_CRASH', message: `A kernel crashed inside the WebAssembly engine (${printable(error.message)}): the model uses an op or shape the wasm backend cannot run. Try --backend cpu, or re-export the model with standard ops.`, exitCode: 3 };
  }
  return { code: 'INTERNAL', message: `Unexpected error: ${printable(error instanceof Error ? error.message : String(error))}`, exitCode: 3 };
}

/** Runs a cleanup step; returns its error's message instead of throwing, undefined when it worked. */
async function settle(step: () => unknown): Promise<string | undefined> {
  try {
    await step();
    return undefined;
  } catch (error) {
    return printable((error instanceof Error ? error.message : String(error)).split('\n')[0]!);
  }
}
