import type { OnnxGraph, OnnxNode } from '../onnx/ir.js';
import { GradientGraphError, gradientGraphNames } from './spec.js';

/**
 * Oldest default-domain opset taken: from 11 on, Clip bounds, Pad pads and Slice bounds are
 * inputs, the forms the gradient rules read and write.
 */
export const minimumOpset = 11;

/** A forward graph with its input renamed to `x` and no value using a name the gradient graph declares. */
export interface PreparedForward {
  graph: OnnxGraph;
  /** The model's raw output value. */
  output: string;
  /** Sample shape of the input (without the batch axis). */
  sample: number[];
}

/**
 * Checks the forward graph's interface (one float input `[N, …static]`, one output) and renames
 * values so that the feeds and fetches of the gradient graph have their fixed names.
 *
 * @throws GradientGraphError for an opset before 11, several inputs or outputs, a non-float input, or a dynamic sample shape
 */
export function prepareForward(forward: OnnxGraph): PreparedForward {
  if (forward.opset < minimumOpset) {
    throw new GradientGraphError(`the model uses ONNX opset ${forward.opset}; robustcheck differentiates opset ${minimumOpset} or later (re-export the model with a newer opset).`);
  }
  if (forward.inputs.length !== 1) throw new GradientGraphError(`the model has ${forward.inputs.length} inputs; robustcheck attacks models with exactly one input.`);
  if (forward.outputs.length !== 1) throw new GradientGraphError(`the model has ${forward.outputs.length} outputs; robustcheck attacks models with exactly one output.`);
  const input = forward.inputs[0]!;
  if (input.type !== 'float32') throw new GradientGraphError(`the model input "${input.name}" is ${input.type}; robustcheck feeds float32 images.`);
  const sample = input.shape.slice(1);
  if (input.shape.length < 2 || sample.some((dim) => typeof dim !== 'number' || dim <= 0)) {
    throw new GradientGraphError(`the model input "${input.name}" has shape [${input.shape.join(', ')}]; robustcheck needs [batch, …] with every other dimension fixed.`);
  }
  const reserved = new Set<string>(Object.values(gradientGraphNames));
  const taken = new Set<string>([...forward.initializers.keys(), ...forward.nodes.flatMap((node) => node.outputs), input.name]);
  const renames = new Map<string, string>();
  const rename = (name: string): void => {
    let candidate = `${name}_model`;
    for (let counter = 1; taken.has(candidate) || reserved.has(candidate); counter++) candidate = `${name}_model${counter}`;
    taken.add(candidate);
    renames.set(name, candidate);
  };
  for (const name of taken) if (reserved.has(name) && name !== input.name) rename(name);
  renames.set(input.name, gradientGraphNames.input);
  const map = (name: string): string => renames.get(name) ?? name;
  const nodes: OnnxNode[] = forward.nodes.map((node) => ({ ...node, inputs: node.inputs.map(map), outputs: node.outputs.map(map) }));
  const initializers = new Map([...forward.initializers].map(([name, tensor]) => [map(name), tensor] as const));
  const output = map(forward.outputs[0]!.name);
  return {
    graph: {
      opset: forward.opset,
      nodes,
      initializers,
      inputs: [{ ...input, name: gradientGraphNames.input }],
      outputs: [{ ...forward.outputs[0]!, name: output }],
    },
    output,
    sample: sample as number[],
  };
}
