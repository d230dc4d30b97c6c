import {
  batchDim, writtenOpset,
  type OnnxAttribute, type OnnxElementType, type OnnxGraph, type OnnxNode, type OnnxTensor, type OnnxValueInfo,
} from './ir.js';

/**
 * Writes an {@link OnnxGraph} node by node with fresh, readable value names. Translators
 * (tfjs → ONNX) and the gradient builder both write through it, so names never collide.
 */
export class OnnxGraphBuilder {
  readonly graph: OnnxGraph;
  private readonly used = new Set<string>();
  private counter = 0;

  /** Starts an empty graph, or continues `base` (its names are reserved). */
  constructor(base?: OnnxGraph) {
    this.graph = base
      ? { opset: base.opset, nodes: [...base.nodes], initializers: new Map(base.initializers), inputs: [...base.inputs], outputs: [...base.outputs] }
      : { opset: writtenOpset, nodes: [], initializers: new Map(), inputs: [], outputs: [] };
    for (const node of this.graph.nodes) for (const name of [...node.outputs, node.name]) this.used.add(name);
    for (const name of this.graph.initializers.keys()) this.used.add(name);
    for (const value of this.graph.inputs) this.used.add(value.name);
  }

  /** A value name not used yet, derived from `hint`. */
  fresh(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_./:-]/g, '_') || 'v';
    let name = base;
    while (this.used.has(name)) name = `${base}__${++this.counter}`;
    this.used.add(name);
    return name;
  }

  /** Declares a graph input of shape `[N, ...sample]` (or an explicit shape). */
  input(name: string, shape: Array<number | string>, type: OnnxElementType = 'float32'): string {
    if (this.used.has(name)) throw new Error(`ONNX graph: input name "${name}" is already used`);
    this.used.add(name);
    this.graph.inputs.push({ name, type, shape: [...shape] });
    return name;
  }

  /** Declares `name` a graph output. */
  output(name: string, shape: Array<number | string>, type: OnnxElementType = 'float32'): void {
    this.graph.outputs.push({ name, type, shape: [...shape] });
  }

  /** Adds a constant (initializer) and returns its value name. */
  constant(tensor: OnnxTensor, hint = 'const'): string {
    const name = this.fresh(hint);
    this.graph.initializers.set(name, tensor);
    return name;
  }

  /** Adds a node with `outputCount` fresh outputs and returns their names. */
  nodeN(op: string, inputs: string[], attributes: Record<string, OnnxAttribute> = {}, outputCount = 1, hint = op): string[] {
    const outputs = Array.from({ length: outputCount }, (_, index) => this.fresh(outputCount === 1 ? hint : `${hint}_${index}`));
    this.graph.nodes.push({ op, name: this.fresh(`${hint}_node`), inputs, outputs, attributes, domain: '' });
    return outputs;
  }

  /** Adds a single-output node and returns its output name. */
  node(op: string, inputs: string[], attributes: Record<string, OnnxAttribute> = {}, hint = op): string {
    return this.nodeN(op, inputs, attributes, 1, hint)[0]!;
  }

  /** Adds an already-formed node (used when copying a graph). */
  addNode(node: OnnxNode): void {
    for (const name of [...node.outputs, node.name]) this.used.add(name);
    this.graph.nodes.push(node);
  }
}

/** A batched float32 value info `[N, ...sample]`. */
export function batched(name: string, sample: readonly number[]): OnnxValueInfo {
  return { name, type: 'float32', shape: [batchDim, ...sample] };
}
