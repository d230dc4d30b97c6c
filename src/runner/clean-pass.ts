import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../model/classifier.js';
import { indexBatches, type Dataset } from '../data/dataset.js';
import { RuntimeFailure } from '../errors.js';

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

/** Runs the model once over the evaluated samples, in batches. NaN outputs are a runtime error. */
export function runCleanPass(classifier: Classifier, dataset: Dataset, indices: number[], batchSize: number, labelSource: 'file' | 'predicted'): CleanPass {
  const predictions = new Int32Array(indices.length);
  const labels = new Int32Array(indices.length);
  const probabilities = new Float32Array(indices.length * classifier.numClasses);
  let position = 0;
  for (const batchIndices of indexBatches(indices, batchSize)) {
    const batch = dataset.read(batchIndices);
    const [predicted, finite] = tf.tidy(() => {
      const logits = classifier.logits(tf.tensor(batch.x, [batch.count, ...classifier.inputShape]));
      probabilities.set(logits.softmax().dataSync(), position * classifier.numClasses);
      return [logits.argMax(1).dataSync(), logits.isFinite().all().dataSync()[0] === 1] as const;
    });
    if (!finite) {
      throw new RuntimeFailure('MODEL_NAN_OUTPUT', `The model produced NaN or infinite outputs on samples ${batchIndices[0]}–${batchIndices.at(-1)}: check the weights and the data's scale.`);
    }
    for (let row = 0; row < batch.count; row++) {
      predictions[position + row] = predicted[row]!;
      labels[position + row] = labelSource === 'predicted' || !batch.y ? predicted[row]! : batch.y[row]!;
    }
    position += batch.count;
  }
  const correct = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) correct[i] = predictions[i] === labels[i] ? 1 : 0;
  return { predictions, labels, correct, probabilities };
}
