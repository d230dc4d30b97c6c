import { batchDim, type OnnxGraph } from '../onnx/ir.js';
import type { Emitter } from './emitter.js';
import { emitChannelAffine } from './kernels/elementwise.js';
import { forwardNames, type ForwardGraph, type PreprocessAffine } from './types.js';
import { identityPerm, type DynValue, type Value } from './values.js';

/**
 * Declares the graph input `[N, ...sampleShape]` (NHWC as the tfjs model takes it) and applies the
 * preprocessing affine right after it, so gradients are taken with respect to the raw input.
 */
export function declareInput(em: Emitter, sampleShape: readonly number[], preprocess: PreprocessAffine | undefined): DynValue {
  // Reserved first so no intermediate value can take the output's name.
  em.builder.fresh(forwardNames.output);
  const name = em.builder.input(forwardNames.input, [batchDim, ...sampleShape]);
  const x: DynValue = { kind: 'dyn', name, shape: [-1, ...sampleShape], perm: identityPerm(sampleShape.length + 1) };
  if (!preprocess) return x;
  // One value stands for every channel, as `model.preprocess` allows.
  const channels = sampleShape.at(-1)!;
  const widen = (values: Float32Array) => (values.length === 1 ? new Float32Array(channels).fill(values[0]!) : values);
  return emitChannelAffine(em, x, widen(preprocess.scale), widen(preprocess.shift), sampleShape.length, 'preprocess');
}

/** Writes the model output `[N, units]` in logical order as the graph output. */
export function finishForward(em: Emitter, output: Value, sampleShape: readonly number[]): ForwardGraph {
  if (output.kind === 'const') throw new Error('the model output does not depend on its input');
  const plain = em.toPlain(output);
  if (plain.shape.length !== 2) throw new Error(`the model outputs [batch, ${plain.shape.slice(1).join(', ')}] per batch; a classifier outputs [batch, units]`);
  em.builder.addNode({ op: 'Identity', name: em.builder.fresh('output_node'), inputs: [plain.name], outputs: [forwardNames.output], attributes: {}, domain: '' });
  pruneDeadNodes(em.builder.graph, forwardNames.output);
  const units = plain.shape[1]!;
  em.builder.output(forwardNames.output, [batchDim, units]);
  return { graph: em.builder.graph, inputName: forwardNames.input, outputName: forwardNames.output, sampleShape: [...sampleShape], units };
}

/**
 * Drops nodes and initializers the output does not read: pads folded into convolutions, layouts
 * asked for but superseded, constants of folded subgraphs. Nodes are in topological order, so
 * one backward sweep finds them.
 */
function pruneDeadNodes(graph: OnnxGraph, output: string): void {
  const needed = new Set([output]);
  const kept: OnnxGraph['nodes'] = [];
  for (let index = graph.nodes.length - 1; index >= 0; index--) {
    const node = graph.nodes[index]!;
    if (!node.outputs.some((name) => needed.has(name))) continue;
    kept.push(node);
    for (const name of node.inputs) needed.add(name);
  }
  graph.nodes = kept.reverse();
  for (const name of [...graph.initializers.keys()]) if (!needed.has(name)) graph.initializers.delete(name);
}
