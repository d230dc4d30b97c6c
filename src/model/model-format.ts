/**
 * The model-format registry: every format robustcheck loads, what file holds it, the engines that
 * can run it, and how messages name it. The suite schema's `model.format`, the report schema and
 * the loaders (`load-model.ts`) take them from here; a new format is an entry here and its loader.
 */
import { InputError } from '../errors.js';
import type { EngineName } from '../report/engine-types.js';
import type { ModelJson } from './model-json.js';

/** The file a format is read from: a tfjs model.json with weight files, or one .onnx file. */
export type ModelContainer = 'model.json' | 'onnx';

/** Facts about one model format. */
export interface ModelFormatFacts {
  /** The file the model is read from (which loader reads it). */
  readonly container: ModelContainer;
  /** Engines that can run it; with one, `--engine auto` means that one and any other is refused. */
  readonly engines: readonly EngineName[];
  /** How a message names a model of this format, with its article (`a GraphModel`). */
  readonly named: string;
  /** model.json's `format` field for it, when it is a tfjs format. */
  readonly modelJsonFormat?: string;
}

/** Model file formats robustcheck loads: tfjs LayersModel, tfjs GraphModel, ONNX. */
export const modelFormats = ['layers', 'graph', 'onnx'] as const;
export type ModelFormat = (typeof modelFormats)[number];

/** Every format's facts. */
export const modelFormatFacts = {
  layers: { container: 'model.json', engines: ['onnxruntime', 'tfjs'], named: 'a LayersModel', modelJsonFormat: 'layers-model' },
  graph: { container: 'model.json', engines: ['onnxruntime', 'tfjs'], named: 'a GraphModel', modelJsonFormat: 'graph-model' },
  onnx: { container: 'onnx', engines: ['onnxruntime'], named: 'an ONNX file' },
} as const satisfies Record<ModelFormat, ModelFormatFacts>;

/** What a suite's `model.format` takes: a format, or `auto` (detected from the file). */
export const modelFormatChoices = ['auto', ...modelFormats] as const;
export type ModelFormatChoice = (typeof modelFormatChoices)[number];

/** The tfjs formats (read from a model.json). */
export type TfjsModelFormat = {
  [Format in ModelFormat]: (typeof modelFormatFacts)[Format]['container'] extends 'model.json' ? Format : never;
}[ModelFormat];

/** How the suite schema describes what each file holds. */
const containerSummaries: Record<ModelContainer, string> = { 'model.json': 'a tfjs model.json', onnx: 'an .onnx file' };

/** The formats grouped by file, for the suite schema: `layers or graph (a tfjs model.json), onnx (…)`. */
export function describeModelFormats(): string {
  const containers = [...new Set(modelFormats.map((format) => modelFormatFacts[format].container))];
  return containers.map((container) => {
    const names = modelFormats.filter((format) => modelFormatFacts[format].container === container);
    return `${names.join(' or ')} (${containerSummaries[container]})`;
  }).join(', ');
}

/** Whether `format` (from a model.json, detected) is a tfjs format. */
function isTfjsFormat(format: ModelFormat): format is TfjsModelFormat {
  return modelFormatFacts[format].container === 'model.json';
}

/** Format named by model.json's `format` field, when it names one. */
function formatField(value: unknown): TfjsModelFormat | undefined {
  return modelFormats.filter(isTfjsFormat).find((format) => modelFormatFacts[format].modelJsonFormat === value);
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
export function detectModelFormat(json: ModelJson, declared: ModelFormatChoice, displayPath: string): TfjsModelFormat {
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
      `The suite declares model.format "${declared}" but "${displayPath}" is ${modelFormatFacts[detected].named}. Set model.format to "${detected}" or "auto".`);
  }
  return detected;
}
