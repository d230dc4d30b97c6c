/**
 * Worker-thread entry: holds its own tfjs backend, model and dataset for one suite and runs
 * attack cases on the chunks of samples the main thread sends. Results are per sample and
 * seeded per sample, so they do not depend on how samples are split between workers.
 */
import { parentPort } from 'node:worker_threads';
import { findAttack } from '../../attacks/registry.js';
import { loadDataset } from '../data/load-dataset.js';
import { RobustcheckError } from '../errors.js';
import { selectBackend } from '../model/backend.js';
import type { Classifier } from '../model/classifier.js';
import { loadClassifier } from '../model/load-model.js';
import { OrtClassifier } from '../engine/ort-classifier.js';
import type { Dataset } from '../data/dataset.js';
import { executeCase } from './execute-case.js';
import type { FromWorker, ToWorker, WorkerError } from './worker-protocol.js';

const port = parentPort!;
let state: { classifier: Classifier; dataset: Dataset } | undefined;
let controller = new AbortController();

function describe(error: unknown): WorkerError {
  if (error instanceof RobustcheckError) return { code: error.code, message: error.message, exitCode: error.exitCode };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), exitCode: 3 };
}

const post = (message: FromWorker) => port.postMessage(message);

port.on('message', async (message: ToWorker) => {
  if (message.type === 'abort') {
    controller.abort();
    return;
  }
  if (message.type === 'init') {
    try {
      await selectBackend(message.backend);
      const { engine } = message;
      const classifier = engine.handoff
        ? OrtClassifier.fromHandoff(engine.handoff, engine.threads)
        : (await loadClassifier(message.suite.model, { engine: engine.engine, threads: engine.threads })).classifier;
      const dataset = await loadDataset(message.suite.data, {
        inputShape: classifier.inputShape, inputRange: classifier.inputRange, numClasses: classifier.numClasses,
      });
      state = { classifier, dataset };
      post({ type: 'ready' });
    } catch (error) {
      post({ type: 'init-error', error: describe(error) });
    }
    return;
  }
  try {
    if (!state) throw new Error('case sent before init');
    const { attack } = message;
    controller = new AbortController();
    const outcome = await executeCase({
      classifier: state.classifier, dataset: state.dataset, attack, definition: findAttack(attack.type)!,
      budget: message.budget, sampleIndices: message.sampleIndices, labels: message.labels,
      seed: message.seed, batchSize: message.batchSize, signal: controller.signal,
      onBatch: (done, robustSoFar) => post({ type: 'progress', id: message.id, done, robustSoFar }),
      memo: message.memo, onWarning: (warning) => post({ type: 'warning', id: message.id, message: warning }),
      keepAdversarials: message.keepAdversarials, deferExamples: true,
    });
    post({ type: 'result', id: message.id, outcome });
  } catch (error) {
    post({ type: 'error', id: message.id, error: describe(error) });
  }
});
