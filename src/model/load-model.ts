import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import type { ResolvedSuite } from '../suite/types.js';
import type { Classifier } from './classifier.js';
import { loadGraphNetwork } from './graph-network.js';
import { artifactsFromModelFiles } from './io-handler.js';
import { loadLayersNetwork } from './layers-network.js';
import { ModelClassifier } from './model-classifier.js';
import { readModelFiles, type ModelFileOptions, type ModelFiles } from './model-files.js';
import { detectModelFormat, modelFormatFacts, type ModelContainer, type ModelFormat, type TfjsModelFormat } from './model-format.js';
import { checkSampleSize } from './model-limits.js';
import type { Network } from './network.js';
import { decideOutputKind } from './output-kind.js';
import { createPreprocessor } from './preprocess.js';
import { rewriteTfjsError } from './tfjs-errors.js';
import { looksLikeOnnx, readOnnxModelFile } from './onnx-model-file.js';
import { chooseEngine, onnxFileClassifier } from '../engine/select-engine.js';
import type { EngineChoice } from '../engine/engine-choice.js';
import type { EngineSelection } from '../report/engine-types.js';
import type { GraphPreprocess } from '../engine/forward-edits.js';

/** A model ready for evaluation, with what the report records about it. */
export interface LoadedModel {
  classifier: Classifier;
  /** Hex SHA-256 of model.json followed by its weight files in manifest order, or of the .onnx file (what `model.sha256` pins). */
  sha256: string;
  format: ModelFormat;
  /** Why the output is read as logits, probabilities or sigmoid (declared, or what auto-detection saw). */
  outputKindReason: string;
  /** Which engine computes logits and gradients, and why (absent for classifiers built outside `loadClassifier`). */
  engine?: EngineSelection;
}

/** Engine choice and model-file options of {@link loadClassifier}. */
export interface LoadClassifierOptions extends ModelFileOptions {
  /** One of `engineChoices` (default `auto`). */
  engine?: EngineChoice;
  /** ONNX Runtime intra-op threads (default: the machine's cores). */
  threads?: number;
}

/** Refuses a model whose files do not hash to the suite's `model.sha256` pin. */
function checkSha256Pin(expected: string | undefined, files: { sha256: string }, displayPath: string): void {
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

/** The suite's `preprocess` for the ONNX graph: channels on the last sample axis (tfjs), or axis 0 of a CHW ONNX input. */
function graphPreprocess(spec: ResolvedSuite['model'], channelAxis: number): GraphPreprocess | undefined {
  return spec.preprocess ? { mean: spec.preprocess.mean, std: spec.preprocess.std, channelAxis } : undefined;
}

/** Checks `classNames` against the class count. */
function checkClassNames(spec: ResolvedSuite['model'], numClasses: number, units: number, displayPath: string): void {
  if (spec.classNames !== undefined && spec.classNames.length !== numClasses) {
    throw new InputError('MODEL_CLASS_NAMES',
      `model.classNames lists ${spec.classNames.length} names but "${displayPath}" has ${numClasses} classes` +
      `${units === 1 ? ' (one output column = 2 classes)' : ''}. Give exactly one name per class, in output order.`);
  }
}

/**
 * Loads an ONNX classifier file. Channels for `preprocess` are axis 1 of a rank-4 input
 * (`[N, C, H, W]`, the ONNX convention) and the last axis otherwise.
 */
async function loadOnnxClassifier(spec: ResolvedSuite['model'], options: LoadClassifierOptions): Promise<LoadedModel> {
  const displayPath = spec.path;
  const file = await readOnnxModelFile(spec.path, displayPath, { reader: options.reader });
  checkSha256Pin(spec.sha256, file, displayPath);
  checkSampleSize(file.inputShape, displayPath);
  const channelAxis = file.inputShape.length === 3 ? 0 : file.inputShape.length - 1;
  if (spec.preprocess) createPreprocessor(spec.preprocess, file.inputShape[channelAxis]!, displayPath);
  const units = file.graph.outputs[0]!.shape[1];
  if (typeof units !== 'number' || units < 1) {
    throw new InputError('MODEL_OUTPUT', `ONNX model "${displayPath}" does not declare its number of output columns. Re-export it with a fixed class axis.`);
  }
  const decision = decideOutputKind(spec.output, file.outputActivation, units, displayPath);
  checkClassNames(spec, decision.numClasses, units, displayPath);
  const outcome = onnxFileClassifier(file.graph, {
    format: 'onnx', inputShape: file.inputShape, numClasses: decision.numClasses, inputRange: spec.inputRange, outputKind: decision.kind,
    classNames: spec.classNames, displayPath, preprocess: graphPreprocess(spec, channelAxis),
  }, { choice: options.engine ?? 'auto', threads: options.threads ?? availableParallelism() });
  return { classifier: outcome.classifier, sha256: file.sha256, format: 'onnx', outputKindReason: decision.reason, engine: outcome.selection };
}

/** Builds the tfjs network of each model.json format. */
const networkLoaders: Record<TfjsModelFormat, (artifacts: tf.io.ModelArtifacts, files: ModelFiles, spec: ResolvedSuite['model']) => Promise<Network>> = {
  layers: (artifacts, _files, spec) => loadLayersNetwork(artifacts, spec.path),
  graph: (artifacts, files, spec) => loadGraphNetwork(artifacts, files.modelJson.json, { inputName: spec.inputName, outputName: spec.outputName }, spec.path),
};

/** The file the suite's model is read from: its declared format's, or for `auto` what the path looks like. */
function modelContainer(spec: ResolvedSuite['model']): ModelContainer {
  if (spec.format !== 'auto') return modelFormatFacts[spec.format].container;
  return looksLikeOnnx(spec.path) ? 'onnx' : 'model.json';
}

/**
 * Loads a suite's model as a {@link Classifier}: reads and checks the files (see
 * `createSafeIOHandler`), checks the `sha256` pin before building anything, detects the format,
 * builds the tfjs model, runs one zero sample to learn the output width, decides the output
 * kind and checks `preprocess` and `classNames` against the model. Then the engine is chosen
 * (`options.engine`, default `auto`): ONNX Runtime when the model translates, else tfjs. ONNX
 * files always run on ONNX Runtime.
 *
 * @param spec - the resolved `model` section (absolute `path`)
 * @param options - engine choice, file-system reader and size limits (tests)
 * @throws InputError (exit 2) for every problem with the files or the suite's model section;
 *   RuntimeFailure `MODEL_EXECUTE` (exit 3) when the model fails on its test input.
 */
export async function loadClassifier(spec: ResolvedSuite['model'], options: LoadClassifierOptions = {}): Promise<LoadedModel> {
  if (modelContainer(spec) === 'onnx') return loadOnnxClassifier(spec, options);
  const displayPath = spec.path;
  const files = await readModelFiles(spec.path, options);
  checkSha256Pin(spec.sha256, files, displayPath);
  const format = detectModelFormat(files.modelJson.json, spec.format, displayPath);
  const artifacts = artifactsFromModelFiles(files);
  const network = await networkLoaders[format](artifacts, files, spec);
  try {
    // Before the probe: it allocates one sample, and every batch allocates batchSize of them.
    checkSampleSize(network.inputShape, displayPath);
    const channels = network.inputShape.at(-1)!;
    const preprocessor = createPreprocessor(spec.preprocess, channels, displayPath);
    const units = probeOutputUnits(network, displayPath);
    const decision = decideOutputKind(spec.output, network.outputActivation, units, displayPath);
    checkClassNames(spec, decision.numClasses, units, displayPath);
    const tfjsClassifier = new ModelClassifier({
      network,
      preprocessor,
      outputKind: decision.kind,
      numClasses: decision.numClasses,
      inputRange: spec.inputRange,
      classNames: spec.classNames,
      displayPath,
    });
    const outcome = chooseEngine(network.source, tfjsClassifier, {
      format, inputShape: network.inputShape, numClasses: decision.numClasses, inputRange: spec.inputRange, outputKind: decision.kind,
      classNames: spec.classNames, displayPath, preprocess: graphPreprocess(spec, network.inputShape.length - 1),
    }, { choice: options.engine ?? 'auto', threads: options.threads ?? availableParallelism() });
    return { classifier: outcome.classifier, sha256: files.sha256, format, outputKindReason: decision.reason, engine: outcome.selection };
  } catch (error) {
    network.dispose();
    throw error;
  }
}
