import { OnnxGraphBuilder } from '../onnx/graph-builder.js';
import { floatTensor, int64Tensor, ints, type OnnxAttribute } from '../onnx/ir.js';
import { transposeConst } from './host-ops.js';
import { floats, identityPerm, isPlain, UnsupportedForm, type ConstValue, type DynValue } from './values.js';

/** A Conv node's input, host weights `[out, in/group, kh, kw]`, bias and attributes. */
export interface ConvRecord {
  input: string;
  weights: Float32Array;
  /** The weights' initializer, shared by a refolded Conv whose weights did not change. */
  weightsName?: string;
  dims: number[];
  bias: Float32Array;
  attributes: Record<string, OnnxAttribute>;
}

/**
 * Writes translated values into an ONNX graph and owns their layouts: it moves a value to the
 * layout an op needs (one Transpose, cached per value and layout) and lays constants out to
 * match a value's physical axes.
 */
export class Emitter {
  readonly builder = new OnnxGraphBuilder();
  private readonly relaid = new Map<string, DynValue>();
  /**
   * Zero paddings of the two spatial axes by value name, so a convolution reading the padded
   * value pads in its own `pads` instead (the Pad node is then dead and pruned).
   */
  readonly zeroPads = new Map<string, { source: DynValue; spatial: [number, number, number, number] }>();
  /**
   * Convolutions by output name with their host weights, so a per-channel Mul/Add right after
   * one (converter-style batch norms, scalings) is folded into a new Conv instead of emitted.
   */
  readonly convs = new Map<string, ConvRecord>();
  /**
   * Flattened values (`[N, features]`) by name with the multi-axis value they were flattened
   * from, when that value was not stored in logical order: a Dense reading the flat value can
   * instead flatten the physical layout and permute its kernel rows, saving the Transpose.
   */
  readonly flattened = new Map<string, DynValue>();
  private readonly int64s = new Map<string, string>();

  /**
   * Adds a float32 initializer holding `data` itself (not a copy: translators only write arrays
   * they created, and weights are never mutated after they reach the graph).
   */
  floatInit(dims: readonly number[], data: Float32Array, hint: string): string {
    if (data.length !== dims.reduce((product, dim) => product * dim, 1)) throw new Error(`initializer of shape [${dims.join(', ')}] given ${data.length} values`);
    return this.builder.constant({ type: 'float32', dims: [...dims], data }, hint);
  }

  /** An int64 vector initializer (shapes, pads, axes), shared between nodes. */
  int64Init(values: readonly number[], hint = 'shape'): string {
    const key = values.join(',');
    let name = this.int64s.get(key);
    if (name === undefined) {
      name = this.builder.constant(int64Tensor([values.length], values), hint);
      this.int64s.set(key, name);
    }
    return name;
  }

  /** A scalar float initializer. */
  scalarInit(value: number, hint = 'scalar'): string {
    return this.builder.constant(floatTensor([], [value]), hint);
  }

  /** Adds a node whose output keeps the input's logical shape and layout. */
  sameLayout(x: DynValue, op: string, extraInputs: string[] = [], attributes: Record<string, OnnxAttribute> = {}): DynValue {
    return { kind: 'dyn', name: this.builder.node(op, [x.name, ...extraInputs], attributes, op), shape: [...x.shape], perm: [...x.perm] };
  }

  /** The physical shape of a value, batch as -1. */
  physicalShape(x: DynValue): number[] {
    return x.perm.map((axis) => x.shape[axis]!);
  }

  /** `x` laid out so physical axis `i` holds logical axis `perm[i]`. */
  toPerm(x: DynValue, perm: readonly number[]): DynValue {
    if (x.perm.length !== perm.length) throw new Error(`layout of rank ${perm.length} asked for a rank-${x.perm.length} value`);
    if (x.perm.every((axis, index) => axis === perm[index])) return x;
    const key = `${x.name}|${perm.join(',')}`;
    const cached = this.relaid.get(key);
    if (cached) return cached;
    const order = perm.map((axis) => x.perm.indexOf(axis));
    const name = this.builder.node('Transpose', [x.name], { perm: ints(order) }, 'relayout');
    const value: DynValue = { kind: 'dyn', name, shape: [...x.shape], perm: [...perm] };
    this.relaid.set(key, value);
    return value;
  }

  /** `x` stored in its logical order (what Reshape, MatMul and flattening need). */
  toPlain(x: DynValue): DynValue {
    return isPlain(x.perm) ? x : this.toPerm(x, identityPerm(x.shape.length));
  }

  /**
   * Lays a constant out against `x` for elementwise broadcasting: right-aligned to x's logical
   * rank, then permuted like x. A constant that would broadcast the batch axis is refused.
   */
  constFor(x: DynValue, value: ConstValue, label: string): string {
    if (value.shape.length === 0) return this.floatInit([], floats(value), 'scalar');
    let shape = [...value.shape];
    while (shape.length > x.shape.length && shape[0] === 1) shape = shape.slice(1);
    if (shape.length > x.shape.length) throw new UnsupportedForm(label, `constant of rank ${value.shape.length} against an input of rank ${x.shape.length}`);
    const padded = [...new Array<number>(x.shape.length - shape.length).fill(1), ...shape];
    if (padded[0] !== 1) throw new UnsupportedForm(label, 'constant spans the batch axis');
    const aligned: ConstValue = { ...value, shape: padded };
    const laid = isPlain(x.perm) ? aligned : transposeConst(aligned, x.perm);
    return this.floatInit(laid.shape, floats(laid), 'const');
  }

  /** Reshapes to a new logical shape with a known layout, from the physical shape (batch kept at axis 0). */
  reshape(x: DynValue, shape: readonly number[], perm: readonly number[]): DynValue {
    const physical = perm.map((axis) => shape[axis]!);
    const target = [-1, ...physical.slice(1)];
    const name = this.builder.node('Reshape', [x.name, this.int64Init(target)], {}, 'reshape');
    return { kind: 'dyn', name, shape: [...shape], perm: [...perm] };
  }
}
