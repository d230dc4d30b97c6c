import { InputError } from '../errors.js';
import type { ModelJson } from './model-json.js';

/** Model file formats robustcheck loads: tfjs LayersModel, tfjs GraphModel, ONNX. */
export const modelFormats = ['layers', 'graph', 'onnx'] as const;
export type ModelFormat = (typeof modelFormats)[number];
/** The tfjs formats (read from a model.json). */
export type TfjsModelFormat = Exclude<ModelFormat, 'onnx'>;

/** Format named by model.json's `format` field, when it names one. */
function formatField(value: unknown): TfjsModelFormat | undefined {
  if (value === 'layers-model') return 'layers';
  if (value === 'graph-model') return 'graph';
  return undefined;
}

/** Format implied by the topology's shape: a GraphDef has `node`, a Keras config `class_name`. */
function topologyFormat(topology: Record<string, unknown>): TfjsModelFormat | undefined {
  if (Array.isArray(topology.node)) return 'graph';
  if (typeof topology.class_name === 'string' || typeof topology.model_config === 'object') return 'layers';
  return undefined;
}

/**
 * Decides whether model.json holds a LayersModel or a GraphModel from its `format` field and the
 * shape of `modelTopology`, and checks it against the suite's `model.format`.
 *
 * @param declared - `model.format` from the suite (`auto` detects)
 * @param displayPath - model.json path for messages
 * @throws InputError `MODEL_FORMAT` when the file is neither, contradicts itself, or is not the
 *   declared format.
 */
export function detectModelFormat(json: ModelJson, declared: 'auto' | ModelFormat, displayPath: string): TfjsModelFormat {
  const byField = formatField(json.format);
  const byTopology = topologyFormat(json.modelTopology);
  if (byField && byTopology && byField !== byTopology) {
    throw new InputError('MODEL_FORMAT',
      `Model file "${displayPath}" says "format": ${JSON.stringify(json.format)} but its modelTopology is a ${byTopology === 'graph' ? 'GraphDef' : 'Keras model config'}. Re-export the model.`);
  }
  const detected = byTopology ?? byField;
  if (!detected) {
    throw new InputError('MODEL_FORMAT',
      `Model file "${displayPath}" is neither a tfjs LayersModel (modelTopology with class_name) nor a GraphModel (modelTopology with node). Convert the model with tensorflowjs_converter.`);
  }
  if (declared !== 'auto' && declared !== detected) {
    throw new InputError('MODEL_FORMAT',
      `The suite declares model.format "${declared}" but "${displayPath}" is a ${detected === 'graph' ? 'GraphModel' : 'LayersModel'}. Set model.format to "${detected}" or "auto".`);
  }
  return detected;
}
