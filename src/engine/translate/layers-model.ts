import * as tf from '@tensorflow/tfjs';
import { Emitter } from './emitter.js';
import { declareInput, finishForward } from './forward.js';
import { kerasActivation } from './kernels/activation.js';
import type { LayerContext } from './layers/layer-context.js';
import { layerTable } from './layers/layer-table.js';
import type { TranslateOptions, Translation } from './types.js';
import { UnsupportedForm, type ConstValue, type DynValue } from './values.js';

/** Layers whose config names an activation applied inside the layer. */
const activationLayers = new Set(['Conv1D', 'Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense', 'Activation']);

/** Every layer of a model, nested models expanded. */
function allLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.flatMap((layer) => (layer instanceof tf.LayersModel ? [layer, ...allLayers(layer)] : [layer]));
}

/** Layer classes (and activations inside layers) without a translation, deduplicated. */
function unsupportedLayers(model: tf.LayersModel): string[] {
  const missing = new Set<string>();
  for (const layer of allLayers(model)) {
    const className = layer.getClassName();
    if (layer instanceof tf.LayersModel || className === 'InputLayer') continue;
    if (!layerTable.has(className)) {
      missing.add(className);
      continue;
    }
    const activation = (layer.getConfig() as { activation?: unknown }).activation;
    if (activationLayers.has(className) && !kerasActivation(activation)) missing.add(`activation:${String(activation)}`);
  }
  return [...missing].sort();
}

/**
 * The layer's weights by short name. `getWeights()` returns the layer's own variables (not
 * copies), so they are read, never disposed.
 */
function layerWeights(layer: tf.layers.Layer): Map<string, ConstValue> {
  const weights = new Map<string, ConstValue>();
  const tensors = layer.getWeights();
  layer.weights.forEach((variable, index) => {
    const tensor = tensors[index]!;
    const short = variable.originalName.split('/').at(-1)!;
    weights.set(short, { kind: 'const', dtype: 'float32', shape: [...tensor.shape], data: (tensor.dataSync() as Float32Array).slice() });
  });
  return weights;
}

/** One symbolic tensor's id (tfjs numbers every SymbolicTensor). */
type TensorId = number;

/**
 * Applies a model's layers to `inputs`, node by node: a layer may be applied several times
 * (shared layers) and nested models recurse. Nodes that belong to other models stay
 * unresolved and are skipped.
 */
function applyModel(em: Emitter, model: tf.LayersModel, inputs: DynValue[]): DynValue[] {
  const values = new Map<TensorId, DynValue>();
  model.inputs.forEach((tensor, index) => values.set(tensor.id, inputs[index]!));
  const done = new Set<object>();
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const layer of model.layers) {
      for (const node of layer.inboundNodes) {
        if (done.has(node) || node.inputTensors.length === 0 || !node.inputTensors.every((tensor) => values.has(tensor.id))) continue;
        if (node.outputTensors.every((tensor) => values.has(tensor.id))) continue;
        done.add(node);
        progressed = true;
        const nodeInputs = node.inputTensors.map((tensor) => values.get(tensor.id)!);
        const outputs = applyLayer(em, layer, nodeInputs);
        node.outputTensors.forEach((tensor, index) => values.set(tensor.id, outputs[index]!));
      }
    }
  }
  return model.outputs.map((tensor) => {
    const value = values.get(tensor.id);
    if (!value) throw new Error(`LayersModel "${model.name}": output "${tensor.name}" is not reachable from the input`);
    return value;
  });
}

function applyLayer(em: Emitter, layer: tf.layers.Layer, inputs: DynValue[]): DynValue[] {
  if (layer instanceof tf.LayersModel) return applyModel(em, layer, inputs);
  const className = layer.getClassName();
  if (className === 'InputLayer') return inputs;
  const translate = layerTable.get(className);
  if (!translate) throw new UnsupportedForm(className, `layer "${layer.name}"`);
  const ctx: LayerContext = { em, layer, className, config: layer.getConfig() as Record<string, unknown>, inputs, weights: layerWeights(layer) };
  return [translate(ctx)];
}

/**
 * Translates a loaded tfjs LayersModel (Sequential or functional, nested models included) into
 * an ONNX forward graph from its input to its output, in inference mode (dropout and noise
 * layers vanish, batch norms use their moving statistics). Layer classes without a translation
 * are listed, never thrown.
 *
 * @throws Error for a model with several inputs or outputs, or an input without a fixed sample shape
 */
export function translateLayersModel(model: tf.LayersModel, options: TranslateOptions = {}): Translation {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new Error(`LayersModel "${model.name}" has ${model.inputs.length} inputs and ${model.outputs.length} outputs; one of each is translated`);
  }
  const unsupported = unsupportedLayers(model);
  if (unsupported.length > 0) return { ok: false, unsupported };
  const sampleShape = model.inputs[0]!.shape.slice(1);
  if (sampleShape.some((dim) => dim === null || dim <= 0)) throw new Error(`LayersModel "${model.name}" has no fixed sample shape: [${sampleShape.join(', ')}]`);
  const em = new Emitter();
  const input = declareInput(em, sampleShape as number[], options.preprocess);
  try {
    const [output] = applyModel(em, model, [input]);
    return { ok: true, forward: finishForward(em, output!, sampleShape as number[]) };
  } catch (error) {
    if (error instanceof UnsupportedForm) return { ok: false, unsupported: [error.entry] };
    throw error;
  }
}
