import { OnnxGraphBuilder } from './onnx/graph-builder.js';
import { floatTensor, type OnnxGraph } from './onnx/ir.js';

/** The input name every engine graph feeds. */
export const engineInputName = 'x';

/** `graph` with every use of value `from` renamed to `to` (node inputs and graph outputs). */
function renameValue(graph: OnnxGraph, from: string, to: string): OnnxGraph {
  const swap = (name: string) => (name === from ? to : name);
  return {
    ...graph,
    nodes: graph.nodes.map((node) => ({ ...node, inputs: node.inputs.map(swap) })),
    outputs: graph.outputs.map((value) => ({ ...value, name: swap(value.name) })),
  };
}

/** Per-channel normalisation `(x − mean) / std` along `channelAxis` of the sample, as the tfjs classifier applies it. */
export interface GraphPreprocess {
  mean: readonly number[];
  std: readonly number[];
  /** Sample axis holding channels (0-based, batch axis excluded). */
  channelAxis: number;
}

/**
 * Gives a forward graph robustcheck's engine interface: its one input is named
 * {@link engineInputName}, and the suite's `preprocess` runs inside the graph, so budgets stay in
 * input units and gradients flow through the normalisation (as in the tfjs classifier).
 */
export function prepareForwardGraph(graph: OnnxGraph, preprocess?: GraphPreprocess): OnnxGraph {
  const input = graph.inputs[0]!;
  const sampleRank = input.shape.length - 1;
  const internal = preprocess ? `${engineInputName}__normalised` : engineInputName;
  let renamed = graph;
  // Free the names this function writes, should the graph use them for something else.
  const taken = new Set([...graph.nodes.flatMap((node) => node.outputs), ...graph.initializers.keys()]);
  for (const name of [engineInputName, internal]) {
    if (taken.has(name)) renamed = renameEverywhere(renamed, name, `${name}__model`);
  }
  renamed = { ...renameValue(renamed, input.name, internal), inputs: [] };
  const builder = new OnnxGraphBuilder(renamed);
  const before = builder.graph.nodes.length;
  builder.input(engineInputName, input.shape, input.type);
  if (preprocess) {
    // Broadcast shape: the channel axis keeps its values, every other sample axis is 1.
    const dims = Array.from({ length: sampleRank }, (_, axis) => (axis === preprocess.channelAxis ? Math.max(preprocess.mean.length, preprocess.std.length) : 1));
    const expand = (values: readonly number[]) => {
      const count = dims[preprocess.channelAxis]!;
      return floatTensor(dims, Array.from({ length: count }, (_, index) => values[values.length === 1 ? 0 : index]!));
    };
    const mean = builder.constant(expand(preprocess.mean), 'preprocess_mean');
    const std = builder.constant(expand(preprocess.std), 'preprocess_std');
    const centred = builder.node('Sub', [engineInputName, mean], {}, 'preprocess_centred');
    builder.addNode({ op: 'Div', name: builder.fresh('preprocess_div'), inputs: [centred, std], outputs: [internal], attributes: {}, domain: '' });
  }
  const added = builder.graph.nodes.slice(before);
  // ONNX wants nodes in topological order: the normalisation comes first.
  return { ...builder.graph, nodes: [...added, ...builder.graph.nodes.slice(0, before)] };
}

/** `graph` with value `from` renamed to `to` wherever it appears (producers, users, initializers, outputs). */
function renameEverywhere(graph: OnnxGraph, from: string, to: string): OnnxGraph {
  const swap = (name: string) => (name === from ? to : name);
  const initializers = new Map([...graph.initializers].map(([name, tensor]) => [swap(name), tensor] as const));
  return {
    ...graph,
    nodes: graph.nodes.map((node) => ({ ...node, inputs: node.inputs.map(swap), outputs: node.outputs.map(swap) })),
    initializers,
    outputs: graph.outputs.map((value) => ({ ...value, name: swap(value.name) })),
  };
}
