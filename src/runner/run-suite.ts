import { cpus, platform, arch } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { findAttack } from '../../attacks/registry.js';
import { loadDataset } from '../data/load-dataset.js';
import { RobustcheckError, RuntimeFailure } from '../errors.js';
import { loadClassifier } from '../model/load-model.js';
import type { BackendSelection } from '../model/backend.js';
import type { Classifier } from '../model/classifier.js';
import type { EnvironmentInfo, SuiteReport } from '../report/report-types.js';
import type { ResolvedSuite } from '../suite/types.js';
import { tool } from '../version.js';
import { wilsonInterval } from '../metrics/wilson.js';
import { runCleanPass } from './clean-pass.js';
import type { EventSink } from './events.js';
import { runAttack } from './run-attack.js';
import { assembleReport, caseResultOf, type AttackOutcomes } from './assemble-report.js';
import { selectSamples, type Shard } from './sample-selection.js';

/** Options of one suite run (from the CLI flags). */
export interface RunSuiteOptions {
  backend: BackendSelection;
  shard?: Shard;
  limit?: number;
  signal?: AbortSignal;
  emit: EventSink;
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
  const partial: Parameters<typeof assembleReport>[0] = {
    suite, tool, environment: describeEnvironment(options.backend), startedAt, shard: options.shard,
    limit: options.limit ?? suite.data.limit, outcomes, complete: false,
  };
  try {
    const loaded = await loadClassifier(suite.model);
    const model: Classifier = loaded.classifier;
    classifier = model;
    partial.model = { sha256: loaded.sha256, format: loaded.format, classifier: model };
    const dataset = await loadDataset(suite.data, {
      inputShape: model.inputShape, inputRange: model.inputRange, numClasses: model.numClasses,
    });
    const indices = selectSamples(dataset.size, options.limit ?? suite.data.limit, options.shard);
    partial.dataSize = dataset.size;
    options.emit({
      type: 'suite:start', suiteId: suite.id, path: suite.displayPath, samples: indices.length, time: startedAt.toISOString(),
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
    for (const attack of suite.attacks) {
      const definition = findAttack(attack.type);
      if (!definition) throw new RuntimeFailure('UNKNOWN_ATTACK', `Unknown attack type "${attack.type}".`);
      outcomes.push(await runAttack({
        classifier: model, dataset, attack, definition, indices, clean, seed: suite.seed, batchSize: suite.data.batchSize,
        signal: options.signal,
        onProgress: (budget, done, total, robustSoFar) => options.emit({
          type: 'case:progress', suiteId: suite.id, attackId: attack.id, budget, done, total, robustSoFar,
        }),
        onCase: (entry) => options.emit({
          type: 'case:end', suiteId: suite.id, attackId: attack.id, budget: entry.budget, result: caseResultOf(attack, entry, clean.correct),
        }),
      }));
      if (options.signal?.aborted) break;
    }
    partial.complete = !options.signal?.aborted;
  } catch (error) {
    partial.error = error instanceof RobustcheckError
      ? { code: error.code, message: error.message, exitCode: error.exitCode }
      : { code: 'INTERNAL', message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`, exitCode: 3 };
  } finally {
    classifier?.dispose();
  }
  partial.durationMs = performance.now() - started;
  return assembleReport(partial);
}
