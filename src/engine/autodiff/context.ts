import { OnnxGraphBuilder } from '../onnx/graph-builder.js';
import {
  floatTensor, int, int64Tensor, ints,
  type OnnxAttribute, type OnnxGraph, type OnnxNode, type OnnxTensor,
} from '../onnx/ir.js';
import type { ProbedValue } from './probe.js';
import { UnsupportedOpsError } from './spec.js';

/**
 * Where the derivative of the ONNX op and tfjs's gradient kernel disagree, which one to write.
 * `averagePoolBorders`: tfjs-cpu's AvgPoolGrad divides by the full window size everywhere, also
 * at padded borders where its forward divides by the in-bounds count; `exact` differentiates the
 * forward as computed, `tfjs` reproduces tfjs-cpu's gradient (for cross-engine agreement).
 */
export interface GradientConventions {
  averagePoolBorders: 'exact' | 'tfjs';
}

/**
 * What a gradient rule writes through: the builder continuing the forward graph, the probed
 * shapes, and small emitters that hide opset differences (ReduceSum/Squeeze/Unsqueeze take axes
 * as attributes before opset 13, as inputs after; ReduceMean/ReduceMax before/after 18).
 */
export class GradContext {
  readonly b: OnnxGraphBuilder;
  readonly opset: number;
  private shapes = new Map<string, ProbedValue>();
  private active = new Set<string>();
  private readonly constantNodes = new Map<string, OnnxNode>();
  private readonly memo = new Map<string, string>();

  /** Gradient conventions where the exact derivative and tfjs differ (see {@link GradientConventions}). */
  readonly conventions: GradientConventions;

  /** Emitters work at once; shape and activity queries after {@link analyse}. */
  constructor(builder: OnnxGraphBuilder, conventions: GradientConventions = { averagePoolBorders: 'exact' }) {
    this.b = builder;
    this.conventions = conventions;
    this.opset = builder.graph.opset;
    for (const node of builder.graph.nodes) if (node.op === 'Constant' && node.outputs[0]) this.constantNodes.set(node.outputs[0], node);
  }

  /** Supplies the probed shapes and the values the gradient flows into. */
  analyse(shapes: Map<string, ProbedValue>, active: Set<string>): void {
    this.shapes = shapes;
    this.active = active;
  }

  /** Whether the gradient flows into `name` (it depends differentiably on the input). */
  isActive(name: string): boolean {
    return this.active.has(name);
  }

  /** Probed shape of `name` at the probe batch size. */
  probed(name: string): ProbedValue {
    const found = this.shapes.get(name);
    if (found) return found;
    const tensor = this.constant(name);
    if (tensor) return { type: tensor.type, dims: [...tensor.dims], batchAxes: tensor.dims.map(() => false) };
    throw new Error(`gradient graph: no probed shape for value "${name}"`);
  }

  /** Dims of `name` at the probe batch size. */
  dims(name: string): number[] {
    return this.probed(name).dims;
  }

  /** Rank of `name`. */
  rank(name: string): number {
    return this.dims(name).length;
  }

  /** Whether no axis of `name` follows the batch size. */
  isStatic(name: string): boolean {
    return !this.probed(name).batchAxes.some(Boolean);
  }

  /** A constant's value: initializer, `Constant` node, or an integer value the probe found batch-independent. */
  constant(name: string): OnnxTensor | undefined {
    const initializer = this.b.graph.initializers.get(name);
    if (initializer) return initializer;
    const node = this.constantNodes.get(name);
    if (node) return constantNodeValue(node);
    return this.shapes.get(name)?.constant;
  }

  /** Integer values of a constant input, or a typed refusal naming the op. */
  constantInts(name: string, op: string, what: string): number[] {
    const tensor = this.constant(name);
    if (!tensor || tensor.type === 'float32' || tensor.type === 'bool') throw new UnsupportedOpsError([op], `${what} must be a constant`);
    return Array.from(tensor.data as ArrayLike<number | bigint>, (value) => Number(value));
  }

  /** Float values of a constant input, or `undefined`. */
  constantFloats(name: string): number[] | undefined {
    const tensor = this.constant(name);
    return tensor && tensor.type === 'float32' ? Array.from(tensor.data as Float32Array) : undefined;
  }

  private memoized(key: string, make: () => string): string {
    let name = this.memo.get(key);
    if (name === undefined) {
      name = make();
      this.memo.set(key, name);
    }
    return name;
  }

  /** A 1-D int64 constant. */
  ints(values: readonly number[]): string {
    return this.memoized(`ints:${values.join(',')}`, () => this.b.constant(int64Tensor([values.length], values), 'ints'));
  }

  /** A float32 scalar constant. */
  scalar(value: number): string {
    return this.memoized(`scalar:${Object.is(value, -0) ? '-0' : value}`, () => this.b.constant(floatTensor([], [value]), 'scalar'));
  }

  /** A float32 constant tensor. */
  floats(dims: readonly number[], values: ArrayLike<number>, hint = 'const'): string {
    return this.b.constant(floatTensor(dims, values), hint);
  }

  /** Shape of `name` as an int64 vector: a constant when no axis is the batch, else a runtime `Shape`. */
  shapeOf(name: string): string {
    if (this.isStatic(name)) return this.ints(this.dims(name));
    return this.memoized(`shape:${name}`, () => this.node('Shape', [name]));
  }

  /** Adds a node (single output). */
  node(op: string, inputs: string[], attributes: Record<string, OnnxAttribute> = {}, hint?: string): string {
    return this.b.node(op, inputs, attributes, hint ?? `grad_${op}`);
  }

  add(a: string, b: string): string { return this.node('Add', [a, b]); }
  sub(a: string, b: string): string { return this.node('Sub', [a, b]); }
  mul(a: string, b: string): string { return this.node('Mul', [a, b]); }
  div(a: string, b: string): string { return this.node('Div', [a, b]); }
  neg(a: string): string { return this.node('Neg', [a]); }

  /** 1 where `a > 0`, else 0 (NaN → NaN): Relu(Sign(a)), cheap and multi-threaded unlike Greater+Where. */
  positive(a: string): string {
    return this.node('Relu', [this.node('Sign', [a])]);
  }

  /** 1 where `a ≥ 0`, else 0. */
  nonNegative(a: string): string {
    return this.sub(this.scalar(1), this.positive(this.neg(a)));
  }

  /** 1 where `a == b`, 0 where `a < b`; only for `a ≤ b` everywhere (a value against its max). */
  equalToMax(a: string, max: string): string {
    return this.add(this.scalar(1), this.node('Sign', [this.sub(a, max)]));
  }

  /** `Reshape(a, shape)`. */
  reshape(a: string, shape: string): string {
    return this.node('Reshape', [a, shape]);
  }

  /** `Reshape(a, Shape(like))`. */
  reshapeLike(a: string, like: string): string {
    return this.reshape(a, this.shapeOf(like));
  }

  /** ReduceSum over `axes` (opset-aware). */
  reduceSum(a: string, axes: readonly number[], keepdims: boolean): string {
    if (axes.length === 0) return a;
    if (this.opset >= 13) return this.node('ReduceSum', [a, this.ints(axes)], { keepdims: int(keepdims ? 1 : 0) });
    return this.node('ReduceSum', [a], { axes: ints(axes), keepdims: int(keepdims ? 1 : 0) });
  }

  /** ReduceMax over `axes` (opset-aware). */
  reduceMax(a: string, axes: readonly number[], keepdims: boolean): string {
    if (this.opset >= 18) return this.node('ReduceMax', [a, this.ints(axes)], { keepdims: int(keepdims ? 1 : 0) });
    return this.node('ReduceMax', [a], { axes: ints(axes), keepdims: int(keepdims ? 1 : 0) });
  }

  /** Unsqueeze at `axes` (opset-aware). */
  unsqueeze(a: string, axes: readonly number[]): string {
    if (this.opset >= 13) return this.node('Unsqueeze', [a, this.ints(axes)]);
    return this.node('Unsqueeze', [a], { axes: ints(axes) });
  }

  /** Static Slice of `a` (steps default 1). */
  slice(a: string, starts: number[], ends: number[], axes: number[], steps?: number[]): string {
    const inputs = [a, this.ints(starts), this.ints(ends), this.ints(axes)];
    if (steps) inputs.push(this.ints(steps));
    return this.node('Slice', inputs);
  }

  /** Constant-mode Pad with explicit (possibly negative: cropping) pads. */
  pad(a: string, pads: number[], value?: number): string {
    const inputs = [a, this.ints(pads)];
    if (value !== undefined) inputs.push(this.scalar(value));
    return this.node('Pad', inputs, { mode: { kind: 'string', value: 'constant' } });
  }

  /**
   * Sums a gradient of a broadcast result (shape of `result`) back to the shape of the operand
   * `operand`: over the leading axes the operand lacks and the axes where it has size 1. The last
   * `exempt` axes are not broadcast axes (MatMul's matrix axes).
   */
  sumToShape(grad: string, operand: string, result: string, exempt = 0): string {
    const from = this.probed(result);
    const to = this.probed(operand);
    const lead = from.dims.length - to.dims.length;
    const axes: number[] = [];
    for (let axis = 0; axis < from.dims.length; axis++) {
      const own = axis - lead;
      if (own < 0) { axes.push(axis); continue; }
      if (axis >= from.dims.length - exempt) continue;
      if (to.dims[own] === 1 && !to.batchAxes[own] && (from.dims[axis] !== 1 || from.batchAxes[axis])) axes.push(axis);
    }
    if (axes.length === 0) return lead === 0 ? grad : this.reshapeLike(grad, operand);
    return this.reshapeLike(this.reduceSum(grad, axes, true), operand);
  }

  /** Ones shaped like `like` (runtime shape). */
  onesLike(like: string): string {
    return this.node('ConstantOfShape', [this.shapeOf(like)], { value: { kind: 'tensor', value: floatTensor([1], [1]) } });
  }

  /** Zeros shaped like `like` (runtime shape). */
  zerosLike(like: string): string {
    return this.node('ConstantOfShape', [this.shapeOf(like)], { value: { kind: 'tensor', value: floatTensor([1], [0]) } });
  }
}

/** The tensor a `Constant` node holds (`value`, `value_float(s)`, `value_int(s)`). */
function constantNodeValue(node: OnnxNode): OnnxTensor | undefined {
  const attributes = node.attributes;
  const value = attributes.value;
  if (value?.kind === 'tensor') return value.value;
  const single = attributes.value_float ?? attributes.value_int;
  if (single && (single.kind === 'float' || single.kind === 'int')) {
    return single.kind === 'float' ? floatTensor([], [single.value]) : int64Tensor([], [single.value]);
  }
  const list = attributes.value_floats ?? attributes.value_ints;
  if (list?.kind === 'floats') return floatTensor([list.value.length], list.value);
  if (list?.kind === 'ints') return int64Tensor([list.value.length], list.value);
  return undefined;
}

/** Reads the axes of a reduction node: attribute, or (ReduceSum ≥ 13, others ≥ 18) the second input. */
export function reductionAxes(node: OnnxNode, ctx: GradContext, rank: number): number[] {
  const fromInput = node.inputs[1] && node.inputs[1] !== '' ? ctx.constantInts(node.inputs[1], node.op, 'axes') : undefined;
  const listed = fromInput ?? (node.attributes.axes?.kind === 'ints' ? node.attributes.axes.value : undefined);
  if (!listed || listed.length === 0) {
    const noop = node.attributes.noop_with_empty_axes;
    if (noop?.kind === 'int' && noop.value === 1) return [];
    return Array.from({ length: rank }, (_, axis) => axis);
  }
  return listed.map((axis) => (axis < 0 ? axis + rank : axis));
}
