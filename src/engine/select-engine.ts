import * as tf from '@tensorflow/tfjs';
import { InputError, RobustcheckError, RuntimeFailure } from '../errors.js';
import type { Classifier, OutputKind } from '../model/classifier.js';
import { modelFormatFacts, type ModelFormat } from '../model/model-format.js';
import type { NetworkSource } from '../model/network.js';
import { GradientGraphError, UnsupportedOpsError } from './autodiff/spec.js';
import type { EngineChoice } from './engine-choice.js';
import type { EngineName, EngineSelection } from '../report/engine-types.js';
import { EngineGraphs } from './engine-graphs.js';
import { prepareForwardGraph, type GraphPreprocess } from './forward-edits.js';
import type { OnnxGraph } from './onnx/ir.js';
import { OrtClassifier } from './ort-classifier.js';
import { loadOrt } from './ort/ort-binding.js';
import { translateSource } from './translate-source.js';

/** What the engine choice needs to know about a loaded model. */
export interface EngineModel {
  format: ModelFormat;
  inputShape: number[];
  numClasses: number;
  inputRange: [number, number];
  outputKind: OutputKind;
  classNames?: string[];
  displayPath: string;
  preprocess?: GraphPreprocess;
}

/** How the engine is chosen and sized. */
export interface EngineRequest {
  choice: EngineChoice;
  /** ONNX Runtime intra-op threads (≥ 1). */
  threads: number;
}

/** The engine that runs, with its classifier. */
export interface EngineOutcome {
  classifier: Classifier;
  selection: EngineSelection;
}

/** Largest relative logit difference between the engines tolerated at load (float32 reassociation is ~1e-6). */
const agreementTolerance = 1e-3;

/** Two deterministic probe inputs spread over the input box (a fixed LCG: no dependence on the run's seed). */
function probeInputs(shape: number[], range: [number, number]): Float32Array {
  const size = shape.reduce((product, dim) => product * dim, 1);
  const values = new Float32Array(2 * size);
  let state = 0x2545f491;
  for (let index = 0; index < values.length; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[index] = range[0] + (range[1] - range[0]) * (state / 2 ** 32);
  }
  return values;
}

/** Largest |a − b| relative to the larger logit magnitude (at least 1). */
function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 1;
  let worst = 0;
  for (let index = 0; index < a.length; index++) scale = Math.max(scale, Math.abs(b[index]!));
  for (let index = 0; index < a.length; index++) worst = Math.max(worst, Math.abs(a[index]! - b[index]!));
  return Number.isFinite(worst) ? worst / scale : Number.POSITIVE_INFINITY;
}

/** Builds the ONNX Runtime classifier over a forward graph and checks that its graphs build. */
function buildOrtClassifier(forward: OnnxGraph, model: EngineModel, threads: number): OrtClassifier {
  const graphs = new EngineGraphs(prepareForwardGraph(forward, model.preprocess), model.outputKind, threads);
  try {
    // Built now, not at the first attack: an op without a gradient rule must decide the engine here.
    graphs.logits();
    graphs.gradient({ loss: 'ce', targeted: false });
  } catch (error) {
    graphs.dispose();
    throw error;
  }
  return new OrtClassifier({ ...model, graphs });
}

/** Ops named by a translation or gradient failure, or undefined for other errors. */
function unsupportedOps(error: unknown): string[] | undefined {
  return error instanceof UnsupportedOpsError ? error.ops : undefined;
}

/**
 * Decides who computes a tfjs model's logits and gradients (DESIGN.md §6). `auto` and
 * `onnxruntime` translate the model to ONNX, build its gradient graph, and compare the ONNX
 * logits with tfjs's on two probe inputs; `auto` falls back to the tfjs classifier, saying why
 * (naming unsupported ops), while `onnxruntime` refuses (exit 2 for untranslatable ops, exit 3
 * when ONNX Runtime cannot start or disagrees). On success the tfjs model is disposed.
 */
export function chooseEngine(source: NetworkSource, tfjsClassifier: Classifier, model: EngineModel, request: EngineRequest): EngineOutcome {
  const keepTfjs = (reason: string, unsupported?: string[]): EngineOutcome => {
    if (request.choice === 'onnxruntime') {
      if (unsupported) {
        throw new InputError('ENGINE_UNSUPPORTED_OPS',
          `Model "${model.displayPath}" cannot run on ONNX Runtime: ${reason}. Use --engine tfjs (or engine: "auto", which falls back to tfjs), or re-export the model without these ops.`);
      }
      throw new RuntimeFailure('ENGINE_UNAVAILABLE', `Model "${model.displayPath}" cannot run on ONNX Runtime: ${reason}. Use --engine tfjs or auto.`);
    }
    return { classifier: tfjsClassifier, selection: { engine: 'tfjs', reason: `auto: ${reason}`, ...(unsupported ? { unsupported } : {}) } };
  };
  if (request.choice === 'tfjs') return { classifier: tfjsClassifier, selection: { engine: 'tfjs', reason: 'requested' } };
  const ort = loadOrt();
  if (ort instanceof Error) return keepTfjs(`onnxruntime-node could not be loaded (${ort.message.split('\n')[0]})`);
  const translation = translateSource(source);
  if (!translation.ok) {
    if (translation.unsupported) return keepTfjs(`ops without an ONNX translation: ${translation.unsupported.join(', ')}`, translation.unsupported);
    return keepTfjs(`the model could not be translated to ONNX (${translation.failure})`, []);
  }
  let classifier: OrtClassifier;
  try {
    classifier = buildOrtClassifier(translation.forward.graph, model, request.threads);
  } catch (error) {
    const ops = unsupportedOps(error);
    if (ops) return keepTfjs(`ops without an ONNX input gradient: ${ops.join(', ')}`, ops);
    if (error instanceof RobustcheckError) throw error;
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return keepTfjs(`the translated graph did not build in ONNX Runtime (${detail})`);
  }
  const probe = probeInputs(model.inputShape, model.inputRange);
  const difference = tf.tidy(() => {
    const x = tf.tensor(probe, [2, ...model.inputShape]);
    return relativeDifference(classifier.logits(x).dataSync(), tfjsClassifier.logits(x).dataSync());
  });
  if (!(difference <= agreementTolerance)) {
    classifier.dispose();
    return keepTfjs(`the ONNX translation's logits differ from tfjs's by ${difference.toExponential(2)} (relative) on probe inputs`);
  }
  tfjsClassifier.dispose();
  const reason = request.choice === 'onnxruntime' ? 'requested' : 'auto: every op of the model translates to ONNX';
  return { classifier, selection: { engine: 'onnxruntime', reason, ortVersion: ort.version, threads: request.threads } };
}

/**
 * The classifier of an ONNX file: ONNX Runtime is the only engine that runs it (its format's
 * `engines`), so `tfjs` is a usage error and `auto` means ONNX Runtime.
 *
 * @throws InputError `ENGINE_FORMAT` for an engine that cannot run the format,
 *   `ENGINE_UNSUPPORTED_OPS` naming ops without a gradient rule, `MODEL_ONNX`
 *   for a graph ONNX Runtime refuses; RuntimeFailure `ENGINE_UNAVAILABLE` without onnxruntime-node
 */
export function onnxFileClassifier(graph: OnnxGraph, model: EngineModel, request: EngineRequest): EngineOutcome {
  const format = modelFormatFacts[model.format];
  const runsOn: readonly EngineName[] = format.engines;
  if (request.choice !== 'auto' && !runsOn.includes(request.choice)) {
    throw new InputError('ENGINE_FORMAT', `Model "${model.displayPath}" is ${format.named}, which only the ${runsOn.join(' or ')} engine runs. Use --engine auto or ${runsOn.join(' or ')}.`);
  }
  const ort = loadOrt();
  if (ort instanceof Error) throw new RuntimeFailure('ENGINE_UNAVAILABLE', `ONNX model "${model.displayPath}" needs onnxruntime-node, which could not be loaded (${ort.message.split('\n')[0]}). Reinstall the package (npm ci).`);
  try {
    const classifier = buildOrtClassifier(graph, model, request.threads);
    const reason = request.choice === 'onnxruntime' ? 'requested' : 'auto: ONNX models run on ONNX Runtime';
    return { classifier, selection: { engine: 'onnxruntime', reason, ortVersion: ort.version, threads: request.threads } };
  } catch (error) {
    const ops = unsupportedOps(error);
    if (ops) {
      throw new InputError('ENGINE_UNSUPPORTED_OPS',
        `ONNX model "${model.displayPath}" uses ops robustcheck cannot differentiate: ${ops.join(', ')}. Re-export it without them (gradient attacks need an input gradient).`);
    }
    if (error instanceof RobustcheckError) throw error;
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (error instanceof GradientGraphError) throw new InputError('MODEL_ONNX', `ONNX model "${model.displayPath}": ${detail}`);
    throw new InputError('MODEL_ONNX', `ONNX model "${model.displayPath}" does not run in ONNX Runtime (${detail}). Check that it is a valid classifier with a dynamic batch axis.`);
  }
}
