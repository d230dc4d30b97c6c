/**
 * What `robustcheck init` learns about a model and its data before writing a suite: the model's
 * format, input shape, output kind and class count (through `loadClassifier`, the loader runs
 * use), and the data's size, value range and labels (through `loadDataset`).
 */
import { loadDataset } from '../data/load-dataset.js';
import { indexBatches, sampleLength } from '../data/dataset.js';
import { InputError } from '../errors.js';
import { loadClassifier } from '../model/load-model.js';
import type { OutputKind } from '../model/classifier.js';
import type { ModelFormat } from '../model/model-format.js';
import { suiteDefaults } from '../suite/resolve.js';

/** Facts about the model. */
export interface ModelFacts {
  format: ModelFormat;
  /** Shape of one sample, e.g. `[28, 28, 1]`. */
  inputShape: number[];
  /** Values per sample (the d in √d). */
  inputSize: number;
  outputKind: OutputKind;
  /** Why the output is read that way (from `output: "auto"`). */
  outputReason: string;
  numClasses: number;
}

/** Facts about the data, read with the default `scale` (1/255 for integer pixels). */
export interface DataFacts {
  samples: number;
  /** Smallest and largest input value after scaling. */
  min: number;
  max: number;
  /** The input box chosen for the suite: [0, 1], [-1, 1] or [0, 255] when the values fit, else [floor(min), ceil(max)]. */
  inputRange: [number, number];
  /** `file` when the data (or `labelsPath`) holds labels, else `predicted`. */
  labels: 'file' | 'predicted';
}

/** Chooses the suite's input box from the data's value range. */
export function chooseInputRange(min: number, max: number): [number, number] {
  for (const box of [[0, 1], [-1, 1], [0, 255]] as [number, number][]) if (min >= box[0] && max <= box[1]) return box;
  return [Math.floor(min), Math.ceil(max)];
}

/**
 * Loads the model (format and output kind on `auto`) and the data (checked against it), and
 * reports what the starter suite needs.
 *
 * @param modelPath - absolute path of model.json
 * @param dataPath - absolute path of the data file
 * @param labelsPath - absolute path of a separate labels file, if any
 * @throws InputError from the model or data loaders (exit 2), naming the file
 */
export async function inspectModelAndData(modelPath: string, dataPath: string, labelsPath?: string): Promise<{ model: ModelFacts; data: DataFacts }> {
  const loaded = await loadClassifier({ path: modelPath, format: 'auto', inputRange: [...suiteDefaults.inputRange], output: 'auto' });
  const classifier = loaded.classifier;
  try {
    const model: ModelFacts = {
      format: loaded.format, inputShape: [...classifier.inputShape], inputSize: sampleLength(classifier.inputShape),
      outputKind: classifier.outputKind, outputReason: loaded.outputKindReason, numClasses: classifier.numClasses,
    };
    // An unbounded box reads every value; the range is measured below and chosen from it.
    const expected = { inputShape: model.inputShape, inputRange: [-Infinity, Infinity] as [number, number], numClasses: model.numClasses };
    const spec = (labels: 'file' | 'predicted') => ({ path: dataPath, labels, batchSize: suiteDefaults.batchSize, ...(labelsPath ? { labelsPath } : {}) });
    let labels: 'file' | 'predicted' = 'file';
    let dataset;
    try {
      dataset = await loadDataset(spec('file'), expected);
    } catch (error) {
      // Unlabelled data is still useful: robustness as the stability of the model's own predictions.
      if (!(error instanceof InputError) || error.code !== 'DATA_LABELS' || labelsPath !== undefined) throw error;
      labels = 'predicted';
      dataset = await loadDataset(spec('predicted'), expected);
    }
    let min = Infinity;
    let max = -Infinity;
    const all = Array.from({ length: dataset.size }, (_, index) => index);
    for (const indices of indexBatches(all, 1024)) {
      for (const value of dataset.read(indices).x) {
        if (value < min) min = value;
        if (value > max) max = value;
      }
    }
    return { model, data: { samples: dataset.size, min, max, inputRange: chooseInputRange(min, max), labels } };
  } finally {
    classifier.dispose();
  }
}
