import * as tf from '@tensorflow/tfjs';
import { nodeNameOf, type GraphNodeDef, type GraphSignature } from '../../model/graph-topology.js';
import { Emitter } from './emitter.js';
import { declareInput, finishForward } from './forward.js';
import { graphOpTable } from './graph/op-table.js';
import type { TranslateOptions, Translation } from './types.js';
import { UnsupportedForm, type ConstValue, type Value } from './values.js';

/** A GraphModel as tfjs-converter writes it: the GraphDef nodes, the decoded weights, the chosen endpoints. */
export interface GraphModelSource {
  nodes: readonly GraphNodeDef[];
  /** Const node name → value (float16/uint8 quantisation already undone); default: `model`'s weights. */
  weights?: ReadonlyMap<string, ConstValue>;
  /** The loaded GraphModel: its weights and signature serve when `weights`/`signature` are not given. */
  model?: tf.GraphModel;
  /** Signature key or tensor name (`"input_1:0"`) of the input to feed. */
  inputName: string;
  /** Signature key or tensor name (`"Identity:0"`, `"node:1"`) of the output to fetch. */
  outputName: string;
  signature?: GraphSignature;
  /** One sample's shape, when the Placeholder does not declare it. */
  sampleShape?: readonly number[];
}

/** Host copies of decoded weights; the decoded tensors are freed here. */
function hostWeights(named: Record<string, tf.Tensor | undefined>): Map<string, ConstValue> {
  const weights = new Map<string, ConstValue>();
  for (const [name, tensor] of Object.entries(named)) {
    if (!tensor || (tensor.dtype !== 'float32' && tensor.dtype !== 'int32')) continue;
    // slice() copies typed arrays natively (Float32Array.from iterates element by element).
    const data = tensor.dtype === 'float32' ? (tensor.dataSync() as Float32Array).slice() : (tensor.dataSync() as Int32Array).slice();
    weights.set(name, { kind: 'const', dtype: tensor.dtype, shape: [...tensor.shape], data });
  }
  return weights;
}

/**
 * Decodes a GraphModel's weights once with `tf.io.decodeWeights` (which dequantises float16 and
 * uint8/uint16 weights to float32) into host constants for {@link translateGraphModel}.
 */
export function decodeGraphWeights(specs: tf.io.WeightsManifestEntry[], data: ArrayBuffer | ArrayBuffer[]): Map<string, ConstValue> {
  const decoded = tf.io.decodeWeights(data, specs);
  try {
    return hostWeights(decoded);
  } finally {
    tf.dispose(Object.values(decoded));
  }
}

/** Host copies of a loaded GraphModel's (already dequantised) weights; the model keeps its own tensors. */
export function graphModelWeights(model: tf.GraphModel): Map<string, ConstValue> {
  const named: Record<string, tf.Tensor> = {};
  for (const [name, tensors] of Object.entries(model.weights)) if (tensors[0]) named[name] = tensors[0];
  return hostWeights(named);
}

/** `"name"`, `"name:k"` → node name and output index. */
function tensorRef(reference: string): { node: string; index: number } {
  const match = /^(.*):(\d+)$/.exec(reference);
  return match ? { node: match[1]!, index: Number(match[2]) } : { node: reference, index: 0 };
}

function resolveEndpoint(name: string, side: 'inputs' | 'outputs', signature: GraphSignature | undefined, nodes: ReadonlyMap<string, GraphNodeDef>): { node: string; index: number } {
  const entries = signature?.[side] ?? {};
  const tensor = Object.hasOwn(entries, name) ? entries[name]!.name : name;
  const ref = tensorRef(tensor);
  if (!nodes.has(ref.node)) throw new Error(`GraphModel ${side === 'inputs' ? 'input' : 'output'} "${name}" names no node of the graph`);
  return ref;
}

/** Data inputs of a node (control inputs `^name` carry no data). */
function dataInputs(node: GraphNodeDef): string[] {
  return (node.input ?? []).filter((input) => !input.startsWith('^'));
}

/**
 * The nodes the output depends on (stopping at the input), in no particular order. Loops make
 * cycles (NextIteration feeds Merge), so this walk tolerates them: the ops are listed as
 * unsupported before any ordering is attempted.
 */
function reachableNodes(output: string, input: string, nodes: ReadonlyMap<string, GraphNodeDef>): GraphNodeDef[] {
  const seen = new Set<string>([output]);
  const stack = [output];
  const found: GraphNodeDef[] = [];
  while (stack.length > 0) {
    const name = stack.pop()!;
    const node = nodes.get(name);
    if (!node) throw new Error(`GraphDef node "${name}" is referenced but not defined`);
    found.push(node);
    if (name === input) continue;
    for (const reference of dataInputs(node)) {
      const source = nodeNameOf(reference);
      if (!seen.has(source)) {
        seen.add(source);
        stack.push(source);
      }
    }
  }
  return found;
}

/** The nodes the output depends on, inputs before users (iterative: real graphs are thousands deep). */
function orderedNodes(output: string, input: string, nodes: ReadonlyMap<string, GraphNodeDef>): GraphNodeDef[] {
  const order: GraphNodeDef[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: Array<{ name: string; expanded: boolean }> = [{ name: output, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const node = nodes.get(top.name);
    if (!node) throw new Error(`GraphDef node "${top.name}" is referenced but not defined`);
    if (top.expanded) {
      state.set(top.name, 'done');
      order.push(node);
      continue;
    }
    if (state.get(top.name) === 'done') continue;
    if (state.get(top.name) === 'open') throw new Error(`GraphDef has a cycle through "${top.name}"`);
    state.set(top.name, 'open');
    stack.push({ name: top.name, expanded: true });
    if (top.name === input) continue;
    for (const reference of dataInputs(node)) {
      const source = nodeNameOf(reference);
      if (state.get(source) !== 'done') stack.push({ name: source, expanded: false });
    }
  }
  return order;
}

function placeholderShape(node: GraphNodeDef): number[] | undefined {
  const shape = (node.attr?.shape as { shape?: { dim?: Array<{ size?: string | number }> } } | undefined)?.shape;
  return shape?.dim?.map((dim) => Number(dim.size ?? -1));
}

/**
 * Translates a tfjs-converter GraphModel (the GraphDef's nodes and decoded weights) into an ONNX
 * forward graph from `inputName` to `outputName`. Only the nodes the output depends on are
 * translated; constant subgraphs (shape arithmetic, quantised weights, batch-norm statistics)
 * are folded on the host. Ops without a translation are listed, never thrown.
 *
 * @throws Error for a malformed graph (dangling references, cycles, missing weights, shapes that do not fit)
 */
export function translateGraphModel(source: GraphModelSource, options: TranslateOptions = {}): Translation {
  const nodes = new Map(source.nodes.map((node) => [node.name, node]));
  const signature = source.signature ?? (source.model?.modelSignature as GraphSignature | undefined);
  const input = resolveEndpoint(source.inputName, 'inputs', signature, nodes);
  const output = resolveEndpoint(source.outputName, 'outputs', signature, nodes);
  const missing = new Set<string>();
  for (const node of reachableNodes(output.node, input.node, nodes)) {
    if (node.name === input.node || node.op === 'Const') continue;
    if (node.op === 'Placeholder') missing.add(`Placeholder (a second input, "${node.name}")`);
    else if (!graphOpTable.has(node.op)) missing.add(node.op);
  }
  if (missing.size > 0) return { ok: false, unsupported: [...missing].sort() };
  const order = orderedNodes(output.node, input.node, nodes);

  const inputNode = nodes.get(input.node)!;
  const inputType = (inputNode.attr?.dtype as { type?: string } | undefined)?.type ?? 'DT_FLOAT';
  if (inputType !== 'DT_FLOAT') return { ok: false, unsupported: [`${inputNode.op} (input of type ${inputType}; attacks perturb float inputs)`] };
  const signed = signature?.inputs?.[source.inputName]?.tensorShape?.dim?.map((dim) => Number(dim.size ?? -1));
  const declared = (placeholderShape(inputNode) ?? signed)?.slice(1);
  const sampleShape = [...(source.sampleShape ?? declared ?? [])];
  if (sampleShape.length === 0 || sampleShape.some((dim) => !Number.isSafeInteger(dim) || dim <= 0)) {
    throw new Error(`GraphModel input "${source.inputName}" has no fixed sample shape; pass sampleShape`);
  }
  const weights = source.weights ?? (source.model ? graphModelWeights(source.model) : undefined);
  if (!weights) throw new Error('translateGraphModel needs the decoded weights or the loaded GraphModel');
  const em = new Emitter();
  const values = new Map<string, Value[]>();
  values.set(input.node, [declareInput(em, sampleShape, options.preprocess)]);
  const lookup = (reference: string): Value => {
    const ref = tensorRef(reference);
    const value = values.get(ref.node)?.[ref.index];
    if (!value) throw new Error(`GraphDef value "${reference}" is not available (node "${ref.node}" has no output ${ref.index})`);
    return value;
  };
  try {
    for (const node of order) {
      if (node.name === input.node) continue;
      if (node.op === 'Const') {
        const weight = weights.get(node.name);
        if (!weight) throw new Error(`Const node "${node.name}" has no decoded weight`);
        values.set(node.name, [weight]);
        continue;
      }
      const result = graphOpTable.get(node.op)!({ em, node, inputs: dataInputs(node).map(lookup) });
      values.set(node.name, Array.isArray(result) ? result : [result]);
    }
    return { ok: true, forward: finishForward(em, lookup(`${output.node}:${output.index}`), sampleShape) };
  } catch (error) {
    if (error instanceof UnsupportedForm) return { ok: false, unsupported: [error.entry] };
    throw error;
  }
}
