import { availableParallelism, cpus, platform, arch } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { findAttack } from '../../attacks/registry.js';
import { loadDataset, type ExpectedData } from '../data/load-dataset.js';
import { RobustcheckError, RuntimeFailure } from '../errors.js';
import { loadClassifier, type LoadedModel } from '../model/load-model.js';
import type { BackendSelection } from '../model/backend.js';
import type { Dataset } from '../data/dataset.js';
import type { Classifier } from '../model/classifier.js';
import type { EnvironmentInfo, SuiteReport } from '../report/report-types.js';
import type { ResolvedSuite } from '../suite/types.js';
import { tool } from '../version.js';
import { wilsonInterval } from '../metrics/wilson.js';
import { runCleanPass } from './clean-pass.js';
import type { EventSink } from './events.js';
import { runAttack } from './run-attack.js';
import { createCaseExecutor, type CaseExecutor } from './case-executor.js';
import { attackTraits, runSanityProbes } from './sanity-probes.js';
import { assembleReport, caseResultOf, type AttackOutcomes } from './assemble-report.js';
import { checkBatchValues } from './batch-limit.js';
import { startSuiteDeadline } from './suite-deadline.js';
import { elementCount } from '../model/model-limits.js';
import { selectSamples, type Shard } from './sample-selection.js';
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
  };
}

/**
 * Runs one suite: load model and data, clean pass, then every attack over its ascending budgets.
 * A sample broken at a smaller budget counts as broken at every larger one and is not attacked
 * again (the smaller adversarial is inside the larger ball), which makes curves monotone by
 * construction and saves work. Never throws for evaluation problems: an error becomes a report
 * with verdict `error` holding every result finished before it.
 */
export async function runSuite(suite: ResolvedSuite, options: RunSuiteOptions): Promise<SuiteReport> {
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
  try {
    const loaded = await (options.loaders?.model ?? ((spec) => loadClassifier(spec, { engine: suite.engine, threads: availableParallelism() })))(suite.model);
    if (loaded.engine) partial.environment = { ...partial.environment, engine: loaded.engine };
    const model: Classifier = loaded.classifier;
    classifier = model;
    partial.model = { sha256: loaded.sha256, format: loaded.format, classifier: model };
    checkBatchValues(suite.data.batchSize, elementCount(model.inputShape), suite.displayPath);
    const dataset = await (options.loaders?.data ?? loadDataset)(suite.data, {
      inputShape: model.inputShape, inputRange: model.inputRange, numClasses: model.numClasses,
    });
    const indices = selectSamples(dataset.size, options.limit ?? suite.data.limit, options.shard);
    partial.dataSize = dataset.size;
    partial.dataHashes = { sha256: dataset.sha256, labelsSha256: dataset.labelsSha256 };
    deadline.throwIfExpired();
    options.emit({
      type: 'suite:start', suiteId: suite.id, path: suite.displayPath, samples: indices.length, time: startedAt.toISOString(),
      ...(loaded.engine ? { engine: { engine: loaded.engine.engine, reason: loaded.engine.reason } } : {}),
      attacks: suite.attacks.map((attack) => ({ id: attack.id, type: attack.type, ...(attack.norm ? { norm: attack.norm } : {}), budgets: attack.budgets, budgetKind: attack.budgetKind })),
    });
    const clean = runCleanPass(model, dataset, indices, suite.data.batchSize, suite.data.labels);
    partial.indices = indices;
    partial.clean = clean;
    const correct = clean.correct.reduce((sum, flag) => sum + flag, 0);
    options.emit({
      type: 'clean:end', suiteId: suite.id, samples: indices.length, correct,
      accuracy: indices.length ? correct / indices.length : 0, ci95: wilsonInterval(correct, indices.length),
    });
    executor = createCaseExecutor({
      suite, backend: options.backend.backend, workers: options.workers ?? 1, numClasses: model.numClasses,
      emit: options.emit, inMemory: options.loaders !== undefined, engine: loaded.engine?.engine ?? 'tfjs',
    });
    const exporter = options.saveAdversarials ? new AdversarialExporter(options.saveAdversarials, suite.id, model.inputShape) : undefined;
    for (const attack of suite.attacks) {
      const definition = findAttack(attack.type);
      if (!definition) throw new RuntimeFailure('UNKNOWN_ATTACK', `Unknown attack type "${attack.type}".`);
      outcomes.push(await runAttack({
        classifier: model, dataset, attack, definition, indices, clean, seed: suite.seed, batchSize: suite.data.batchSize,
        signal, execute: (input) => executor!.execute(input),
        onProgress: (budget, done, total, robustSoFar) => options.emit({
          type: 'case:progress', suiteId: suite.id, attackId: attack.id, budget, done, total, robustSoFar,
        }),
        onCase: (entry) => options.emit({
          type: 'case:end', suiteId: suite.id, attackId: attack.id, budget: entry.budget,
          result: caseResultOf(attack, entry, clean.correct, { clean, numClasses: model.numClasses, classNames: suite.model.classNames }),
        }),
        onWarning: (message) => options.emit({ type: 'log', level: 'warn', suiteId: suite.id, message: `${attack.id}: ${message}` }),
        onAdversarials: exporter ? (entry) => exporter.save({
          attackId: attack.id, budgetKind: attack.budgetKind, budget: entry.budget, indices: entry.sampleIndices,
          labels: entry.labels, predictions: entry.predictions, values: entry.values,
        }) : undefined,
      }));
      if (signal?.aborted) break;
    }
    if (!signal?.aborted) {
      partial.probes = await runSanityProbes({
        classifier: model, dataset, attacks: suite.attacks, indices, clean, outcomes, seed: suite.seed, batchSize: suite.data.batchSize, signal,
      }, attackTraits(suite.attacks));
    }
    deadline.throwIfExpired();
    partial.complete = !signal?.aborted;
  } catch (error) {
    partial.error = error instanceof RobustcheckError
      ? { code: error.code, message: error.message, exitCode: error.exitCode }
      : { code: 'INTERNAL', message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`, exitCode: 3 };
  } finally {
    deadline.dispose();
    classifier?.dispose();
    await executor?.close();
  }
  partial.durationMs = performance.now() - started;
  return assembleReport(partial);
}
