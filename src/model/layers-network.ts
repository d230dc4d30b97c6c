import { refuseNonFloatInput } from './graph-checks.js';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { checkLayerClasses } from './layers-topology.js';
import { weightBudget, withWeightBudget } from './model-limits.js';
import type { Network } from './network.js';
import { sampleShape } from './network.js';
import type { OutputActivation } from './output-kind.js';
import { rewriteTfjsError } from './tfjs-errors.js';

/** The layer that produces the model's output, looking through nested models. */
function outputLayer(model: tf.LayersModel): tf.layers.Layer {
  let layer = model.outputs[0]!.sourceLayer;
  while (layer instanceof tf.LayersModel && layer.outputs.length === 1) layer = layer.outputs[0]!.sourceLayer;
  return layer as tf.layers.Layer;
}

function findOutputActivation(model: tf.LayersModel): OutputActivation {
  const layer = outputLayer(model);
  const className = layer.getClassName();
  const where = `last layer "${layer.name}" (${className})`;
  if (className === 'Softmax') return { activation: 'softmax', where };
  const activation = (layer.getConfig() as { activation?: unknown }).activation;
  if (activation === 'softmax' || activation === 'sigmoid') return { activation, where };
  return { activation: 'other', where };
}

/** Names of the variables tfjs has registered (to free those a failed build left behind). */
function registeredVariableNames(): Set<string> {
  const state = tf.engine().state as { registeredVariables?: Record<string, unknown> };
  return new Set(Object.keys(state.registeredVariables ?? {}));
}

/**
 * Builds the layers without weights, refusing any layer variable the manifest cannot hold before
 * it is allocated; on failure frees the variables already created.
 */
async function buildTopology(artifacts: tf.io.ModelArtifacts, displayPath: string): Promise<tf.LayersModel> {
  const before = registeredVariableNames();
  try {
    return await withWeightBudget(weightBudget(artifacts.weightSpecs ?? []), displayPath,
      () => tf.loadLayersModel(tf.io.fromMemory({ modelTopology: artifacts.modelTopology, format: artifacts.format })));
  } catch (error) {
    const variables = tf.engine().state.registeredVariables;
    for (const name of registeredVariableNames()) if (!before.has(name)) variables[name]?.dispose();
    throw rewriteTfjsError(error, displayPath, 'build');
  }
}

/**
 * Decodes the weights and assigns them strictly (every variable set, no extra weight). The
 * decoded tensors are ours, so they are freed whether or not tfjs accepts them.
 */
function assignWeights(model: tf.LayersModel, artifacts: tf.io.ModelArtifacts, displayPath: string): void {
  const specs = artifacts.weightSpecs ?? [];
  const decoded = tf.io.decodeWeights(artifacts.weightData ?? new ArrayBuffer(0), specs);
  try {
    // Optimizer state is saved beside the weights when a model is saved with its optimizer.
    const modelWeights: tf.NamedTensorMap = {};
    for (const spec of specs) if (spec.group !== 'optimizer') modelWeights[spec.name] = decoded[spec.name]!;
    model.loadWeights(modelWeights, true);
  } catch (error) {
    throw rewriteTfjsError(error, displayPath, 'weights');
  } finally {
    tf.dispose(Object.values(decoded));
  }
}

/**
 * Builds a tfjs LayersModel from checked artifacts. Class names are checked first (tfjs would
 * resolve `constructor` on `Object.prototype`); tfjs's own errors are rewritten to name the file.
 * The weights are decoded and assigned here rather than by `tf.loadLayersModel`, so a model
 * whose weights do not fit its layers is refused without leaking tensors. Forward passes use
 * `apply(x, { training: false })` so dropout and batch norm run in inference mode and gradients
 * flow.
 *
 * @throws InputError `MODEL_UNKNOWN_CLASS`, `MODEL_TOPOLOGY`, `MODEL_WEIGHTS_MISMATCH`,
 *   `MODEL_INPUT`, `MODEL_OUTPUT`, `MODEL_INPUT_SHAPE`
 */
export async function loadLayersNetwork(artifacts: tf.io.ModelArtifacts, displayPath: string): Promise<Network> {
  checkLayerClasses(artifacts.modelTopology as Record<string, unknown>, displayPath);
  const model = await buildTopology(artifacts, displayPath);
  try {
    assignWeights(model, artifacts, displayPath);
    if (model.inputs.length !== 1 || model.outputs.length !== 1) {
      const which = model.inputs.length !== 1 ? `${model.inputs.length} inputs` : `${model.outputs.length} outputs`;
      throw new InputError(model.inputs.length !== 1 ? 'MODEL_INPUT' : 'MODEL_OUTPUT',
        `Model "${displayPath}" has ${which}; robustcheck evaluates classifiers with one input and one output.`);
    }
    refuseNonFloatInput(model.inputs[0]!.dtype, model.inputs[0]!.name, displayPath);
    const inputShape = sampleShape(model.inputs[0]!.shape, displayPath, false);
    const outputActivation = findOutputActivation(model);
    return {
      format: 'layers',
      source: { kind: 'layers', model },
      inputShape,
      outputActivation,
      forward: (x) => model.apply(x, { training: false }) as tf.Tensor,
      dispose: () => model.dispose(),
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
