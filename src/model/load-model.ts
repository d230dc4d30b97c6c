import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import type { ResolvedSuite } from '../suite/types.js';
import type { Classifier } from './classifier.js';
import { loadGraphNetwork } from './graph-network.js';
import { artifactsFromModelFiles } from './io-handler.js';
import { loadLayersNetwork } from './layers-network.js';
import { ModelClassifier } from './model-classifier.js';
import { readModelFiles, type ModelFileOptions, type ModelFiles } from './model-files.js';
import { detectModelFormat } from './model-format.js';
import { checkSampleSize } from './model-limits.js';
import type { Network } from './network.js';
import { decideOutputKind } from './output-kind.js';
import { createPreprocessor } from './preprocess.js';
import { rewriteTfjsError } from './tfjs-errors.js';

/** A model ready for evaluation, with what the report records about it. */
export interface LoadedModel {
  classifier: Classifier;
  /** Hex SHA-256 of model.json followed by its weight files in manifest order (what `model.sha256` pins). */
  sha256: string;
  format: 'layers' | 'graph';
  /** Why the output is read as logits, probabilities or sigmoid (declared, or what auto-detection saw). */
  outputKindReason: string;
}

/** Refuses a model whose files do not hash to the suite's `model.sha256` pin. */
function checkSha256Pin(expected: string | undefined, files: ModelFiles, displayPath: string): void {
  if (expected === undefined) return;
  const pin = expected.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(pin)) {
    throw new InputError('MODEL_SHA256', `model.sha256 ${JSON.stringify(expected)} is not a 64-digit hex SHA-256. Set it to ${files.sha256} to pin "${displayPath}" as it is now.`);
  }
  if (pin !== files.sha256) {
    throw new InputError('MODEL_SHA256',
      `Model "${displayPath}" does not match its pin: expected sha256 ${pin}, actual ${files.sha256} (model.json + weight files). ` +
      'The model changed; if that was intended, update model.sha256 in the suite.');
  }
}

/** Runs one zero sample through the model and returns its output column count. */
function probeOutputUnits(network: Network, displayPath: string): number {
  let shape: number[] = [];
  let dtype = '';
  try {
    tf.tidy(() => {
      const output = network.forward(tf.zeros([1, ...network.inputShape]));
      shape = output.shape;
      dtype = output.dtype;
    });
  } catch (error) {
    throw rewriteTfjsError(error, displayPath, 'run');
  }
  if (shape.length !== 2 || shape[1]! < 1 || dtype !== 'float32') {
    throw new InputError('MODEL_OUTPUT',
      `Model "${displayPath}" outputs a ${dtype} tensor of shape [${shape.join(', ')}] per batch; a classifier must output float32 [batch, classes].`);
  }
  return shape[1]!;
}

/**
 * Loads a suite's model as a {@link Classifier}: reads and checks the files (see
 * `createSafeIOHandler`), checks the `sha256` pin before building anything, detects the format,
 * builds the tfjs model, runs one zero sample to learn the output width, decides the output
 * kind and checks `preprocess` and `classNames` against the model.
 *
 * @param spec - the resolved `model` section (absolute `path`)
 * @param options - file-system reader and size limits (tests)
 * @throws InputError (exit 2) for every problem with the files or the suite's model section;
 *   RuntimeFailure `MODEL_EXECUTE` (exit 3) when the model fails on its test input.
 */
export async function loadClassifier(spec: ResolvedSuite['model'], options: ModelFileOptions = {}): Promise<LoadedModel> {
  const displayPath = spec.path;
  const files = await readModelFiles(spec.path, options);
  checkSha256Pin(spec.sha256, files, displayPath);
  const format = detectModelFormat(files.modelJson.json, spec.format, displayPath);
  const artifacts = artifactsFromModelFiles(files);
  const network = format === 'layers'
    ? await loadLayersNetwork(artifacts, displayPath)
    : await loadGraphNetwork(artifacts, files.modelJson.json, { inputName: spec.inputName, outputName: spec.outputName }, displayPath);
  try {
    // Before the probe: it allocates one sample, and every batch allocates batchSize of them.
    checkSampleSize(network.inputShape, displayPath);
    const preprocessor = createPreprocessor(spec.preprocess, network.inputShape.at(-1)!, displayPath);
    const units = probeOutputUnits(network, displayPath);
    const decision = decideOutputKind(spec.output, network.outputActivation, units, displayPath);
    if (spec.classNames !== undefined && spec.classNames.length !== decision.numClasses) {
      throw new InputError('MODEL_CLASS_NAMES',
        `model.classNames lists ${spec.classNames.length} names but "${displayPath}" has ${decision.numClasses} classes` +
        `${units === 1 ? ' (one output column = 2 classes)' : ''}. Give exactly one name per class, in output order.`);
    }
    const classifier = new ModelClassifier({
      network,
      preprocessor,
      outputKind: decision.kind,
      numClasses: decision.numClasses,
      inputRange: spec.inputRange,
      classNames: spec.classNames,
      displayPath,
    });
    return { classifier, sha256: files.sha256, format, outputKindReason: decision.reason };
  } catch (error) {
    network.dispose();
    throw error;
  }
}
