import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../model/classifier.js';
import { indexBatches, type Dataset } from '../data/dataset.js';
import { RuntimeFailure } from '../errors.js';
import { tidyValues } from '../tensor/tidy-values.js';

/** Clean predictions of every evaluated sample, computed once per suite and shared by all attacks. */
export interface CleanPass {
  /** Predicted class per evaluated position. */
  predictions: Int32Array;
  /** Labels attacks work against: from the data, or the predictions for `labels: "predicted"`. */
  labels: Int32Array;
  /** 1 where the clean prediction equals the label. */
  correct: Uint8Array;
  /** Softmax probabilities on the clean inputs, row-major `[n, classes]`. */
  probabilities: Float32Array;
}

/** Buffers the clean pass fills, one batch at a time. */
interface CleanBuffers {
  predictions: Int32Array;
  labels: Int32Array;
  probabilities: Float32Array;
}

function allocate(classifier: Classifier, count: number): CleanBuffers {
  return { predictions: new Int32Array(count), labels: new Int32Array(count), probabilities: new Float32Array(count * classifier.numClasses) };
}

/** Runs one batch of the clean pass into `buffers` at `position`; returns the samples done. */
function cleanBatch(classifier: Classifier, dataset: Dataset, batchIndices: number[], position: number, labelSource: 'file' | 'predicted', buffers: CleanBuffers): number {
  const batch = dataset.read(batchIndices);
  const [predicted, finite] = tidyValues(() => {
    const logits = classifier.logits(tf.tensor(batch.x, [batch.count, ...classifier.inputShape]));
    buffers.probabilities.set(logits.softmax().dataSync(), position * classifier.numClasses);
    return [logits.argMax(1).dataSync(), logits.isFinite().all().dataSync()[0] === 1] as const;
  });
  if (!finite) {
    throw new RuntimeFailure('MODEL_NAN_OUTPUT', `The model produced NaN or infinite outputs on samples ${batchIndices[0]}–${batchIndices.at(-1)}: check the weights and the data's scale.`);
  }
  for (let row = 0; row < batch.count; row++) {
    buffers.predictions[position + row] = predicted[row]!;
    buffers.labels[position + row] = labelSource === 'predicted' || !batch.y ? predicted[row]! : batch.y[row]!;
  }
  return batch.count;
}

function finish(buffers: CleanBuffers): CleanPass {
  const correct = new Uint8Array(buffers.predictions.length);
  for (let i = 0; i < correct.length; i++) correct[i] = buffers.predictions[i] === buffers.labels[i] ? 1 : 0;
  return { ...buffers, correct };
}

/** Runs the model once over the evaluated samples, in batches. NaN outputs are a runtime error. */
export function runCleanPass(classifier: Classifier, dataset: Dataset, indices: number[], batchSize: number, labelSource: 'file' | 'predicted'): CleanPass {
  const buffers = allocate(classifier, indices.length);
  let position = 0;
  for (const batchIndices of indexBatches(indices, batchSize)) position += cleanBatch(classifier, dataset, batchIndices, position, labelSource, buffers);
  return finish(buffers);
}

/**
 * {@link runCleanPass} that gives the event loop a turn between batches, so a Ctrl-C (whose
 * handler runs on the event loop) is seen within one batch. Returns undefined once `signal` is
 * aborted: a partial clean pass measures nothing.
 */
export async function runCleanPassUntil(signal: AbortSignal | undefined, classifier: Classifier, dataset: Dataset, indices: number[], batchSize: number, labelSource: 'file' | 'predicted'): Promise<CleanPass | undefined> {
  const buffers = allocate(classifier, indices.length);
  let position = 0;
  for (const batchIndices of indexBatches(indices, batchSize)) {
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) return undefined;
    position += cleanBatch(classifier, dataset, batchIndices, position, labelSource, buffers);
  }
  return finish(buffers);
}
