import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { decodeModel, OnnxFormatError } from '../engine/onnx/codec.js';
import type { OnnxGraph } from '../engine/onnx/ir.js';
import { guardFileAccess, nodeModelFileReader, type ModelFileReader } from './model-file-reader.js';
import { sampleShape } from './network.js';
import type { OutputActivation } from './output-kind.js';

/** Default cap on an .onnx file (1 GiB, as for tfjs weights). */
export const defaultMaxOnnxBytes = 1024 * 1024 * 1024;

/** An ONNX classifier file, read and checked. */
export interface OnnxModelFile {
  graph: OnnxGraph;
  /** Shape of one sample (batch axis removed). */
  inputShape: number[];
  /** The activation at the output, for `output: "auto"`. */
  outputActivation: OutputActivation;
  /** Hex SHA-256 of the file's bytes (what `model.sha256` pins). */
  sha256: string;
}

/** Whether a model path names an ONNX file (by extension; `model.format: "onnx"` forces it). */
export function looksLikeOnnx(path: string): boolean {
  return /\.onnx$/i.test(path);
}

function refuse(displayPath: string, message: string): never {
  throw new InputError('MODEL_ONNX', `ONNX model "${displayPath}": ${message}`);
}

/** Follows Identity nodes back from the output to the op that produced it. */
function outputActivation(graph: OnnxGraph): OutputActivation {
  const producers = new Map(graph.nodes.flatMap((node) => node.outputs.map((name) => [name, node] as const)));
  let node = producers.get(graph.outputs[0]!.name);
  for (let hops = 0; node && node.op === 'Identity' && hops < graph.nodes.length; hops++) node = producers.get(node.inputs[0] ?? '');
  if (!node) return { activation: 'other', where: 'the graph output' };
  const where = `output node "${node.name}" (op ${node.op})`;
  if (node.op === 'Softmax') return { activation: 'softmax', where };
  if (node.op === 'Sigmoid') return { activation: 'sigmoid', where };
  return { activation: 'other', where };
}

/**
 * Reads an ONNX classifier: a regular file under the size cap, decoded, with exactly one float
 * input of fixed sample shape (a symbolic or missing batch axis) and one output `[batch, classes]`.
 * Several inputs or outputs, dynamic sample dimensions, non-float inputs, external weights and
 * control flow are refused with exit 2 and what to do.
 *
 * @throws InputError `MODEL_MISSING`, `MODEL_UNREADABLE`, `MODEL_ONNX`, `MODEL_INPUT_SHAPE`
 */
export async function readOnnxModelFile(path: string, displayPath: string, options: { reader?: ModelFileReader; maxBytes?: number } = {}): Promise<OnnxModelFile> {
  const reader = options.reader ?? nodeModelFileReader;
  const info = await guardFileAccess(`Model file "${displayPath}"`, () => reader.stat(path));
  if (!info.isFile()) refuse(displayPath, 'is not a regular file. Point model.path at the .onnx file.');
  const maxBytes = options.maxBytes ?? defaultMaxOnnxBytes;
  if (info.size > maxBytes) refuse(displayPath, `is ${info.size} bytes, over the ${maxBytes}-byte limit.`);
  const bytes = await guardFileAccess(`Model file "${displayPath}"`, () => reader.readFile(path));
  let graph: OnnxGraph;
  try {
    graph = decodeModel(bytes);
  } catch (error) {
    if (error instanceof OnnxFormatError) refuse(displayPath, error.message);
    throw error;
  }
  if (graph.inputs.length !== 1) {
    refuse(displayPath, `has ${graph.inputs.length} inputs (${graph.inputs.map((value) => `"${value.name}"`).join(', ') || 'none'}); robustcheck evaluates classifiers with one input. Re-export it with the other inputs folded in as constants.`);
  }
  if (graph.outputs.length !== 1) {
    refuse(displayPath, `has ${graph.outputs.length} outputs (${graph.outputs.map((value) => `"${value.name}"`).join(', ') || 'none'}); robustcheck evaluates classifiers with one output [batch, classes]. Re-export it with only the class scores as output.`);
  }
  const input = graph.inputs[0]!;
  if (input.type !== 'float32') refuse(displayPath, `input "${input.name}" is ${input.type}; robustcheck feeds float32 inputs. Re-export it with a float input.`);
  const batchedShape = input.shape.map((dim, axis) => (typeof dim === 'number' && !(axis === 0 && dim <= 0) ? dim : null));
  const inputShape = sampleShape(batchedShape, displayPath, false);
  if (typeof input.shape[0] === 'number' && input.shape[0] !== 1 && input.shape[0] > 0) {
    refuse(displayPath, `input "${input.name}" has a fixed batch size of ${input.shape[0]}. Re-export it with a dynamic batch axis.`);
  }
  const output = graph.outputs[0]!;
  if (output.shape.length !== 2) refuse(displayPath, `output "${output.name}" has rank ${output.shape.length}; a classifier outputs [batch, classes].`);
  // A batch axis fixed at 1 is made symbolic: robustcheck feeds batches.
  graph = { ...graph, inputs: [{ ...input, shape: ['N', ...inputShape] }], outputs: [{ ...output, shape: ['N', output.shape[1]!] }] };
  return { graph, inputShape, outputActivation: outputActivation(graph), sha256: createHash('sha256').update(bytes).digest('hex') };
}
