/**
 * Host-side evaluation of the ops that act on constants (shape arithmetic, weight reshapes,
 * constant folding), so the ONNX graph only holds work that depends on the input.
 */
import { floatConst, intConst, sizeOf, type ConstValue } from './values.js';

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let axis = shape.length - 2; axis >= 0; axis--) strides[axis] = strides[axis + 1]! * shape[axis + 1]!;
  return strides;
}

/** Same-typed empty array of `length` values. */
function like(data: Float32Array | Int32Array, length: number): Float32Array | Int32Array {
  return data instanceof Float32Array ? new Float32Array(length) : new Int32Array(length);
}

/** Output axis `j` takes input axis `perm[j]` (TF/ONNX Transpose semantics). */
export function transposeConst(value: ConstValue, perm: readonly number[]): ConstValue {
  const inStrides = stridesOf(value.shape);
  const shape = perm.map((axis) => value.shape[axis]!);
  const out = like(value.data, value.data.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < out.length; flat++) {
    let source = 0;
    for (let axis = 0; axis < shape.length; axis++) source += index[axis]! * inStrides[perm[axis]!]!;
    out[flat] = value.data[source]!;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return { kind: 'const', dtype: value.dtype, shape, data: out };
}

/** Right-aligned (NumPy/TF) broadcast of two shapes; throws when they do not broadcast. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let axis = 0; axis < rank; axis++) {
    const x = a[a.length - rank + axis] ?? 1;
    const y = b[b.length - rank + axis] ?? 1;
    if (x !== y && x !== 1 && y !== 1 && x !== -1 && y !== -1) throw new Error(`shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Elementwise binary op on constants with broadcasting; integer inputs give integer results except for division. */
export function binaryConst(a: ConstValue, b: ConstValue, fn: (x: number, y: number) => number, forceFloat = false): ConstValue {
  const shape = broadcastShapes(a.shape, b.shape);
  const float = forceFloat || a.dtype === 'float32' || b.dtype === 'float32';
  const out = float ? new Float32Array(sizeOf(shape)) : new Int32Array(sizeOf(shape));
  const pad = (s: readonly number[]) => [...new Array<number>(shape.length - s.length).fill(1), ...s];
  const [sa, sb] = [pad(a.shape), pad(b.shape)];
  const [ta, tb] = [stridesOf(sa), stridesOf(sb)];
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < out.length; flat++) {
    let ia = 0;
    let ib = 0;
    for (let axis = 0; axis < shape.length; axis++) {
      if (sa[axis] !== 1) ia += index[axis]! * ta[axis]!;
      if (sb[axis] !== 1) ib += index[axis]! * tb[axis]!;
    }
    out[flat] = fn(a.data[ia]!, b.data[ib]!);
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return { kind: 'const', dtype: float ? 'float32' : 'int32', shape, data: out };
}

/** Elementwise unary op on a float constant. */
export function unaryConst(a: ConstValue, fn: (x: number) => number): ConstValue {
  return floatConst(a.shape, Float32Array.from(a.data, fn));
}

/** Resolves a TF reshape target (one `-1` inferred) against `count` elements. */
export function resolveReshape(target: readonly number[], count: number): number[] {
  const known = target.filter((dim) => dim !== -1);
  const free = target.length - known.length;
  if (free > 1) throw new Error(`reshape target [${target.join(', ')}] has more than one -1`);
  const product = sizeOf(known);
  const resolved = target.map((dim) => (dim === -1 ? count / product : dim));
  if (sizeOf(resolved) !== count || resolved.some((dim) => !Number.isInteger(dim) || dim < 0)) {
    throw new Error(`cannot reshape ${count} elements to [${target.join(', ')}]`);
  }
  return resolved;
}

/** A constant with a new shape over the same data. */
export function reshapeConst(value: ConstValue, target: readonly number[]): ConstValue {
  return { ...value, shape: resolveReshape(target, value.data.length) };
}

/** Concatenates constants along `axis`. */
export function concatConst(parts: readonly ConstValue[], axis: number): ConstValue {
  const first = parts[0]!;
  const outer = sizeOf(first.shape.slice(0, axis));
  const float = parts.some((part) => part.dtype === 'float32');
  const shape = [...first.shape];
  shape[axis] = parts.reduce((sum, part) => sum + part.shape[axis]!, 0);
  const out = float ? new Float32Array(sizeOf(shape)) : new Int32Array(sizeOf(shape));
  let offset = 0;
  for (let row = 0; row < outer; row++) {
    for (const part of parts) {
      const block = part.data.length / outer;
      out.set(part.data.subarray(row * block, (row + 1) * block), offset);
      offset += block;
    }
  }
  return { kind: 'const', dtype: float ? 'float32' : 'int32', shape, data: out };
}

/** TF `Pack`: stacks equal-shaped constants on a new `axis`. */
export function packConst(parts: readonly ConstValue[], axis: number): ConstValue {
  const expanded = parts.map((part) => ({ ...part, shape: [...part.shape.slice(0, axis), 1, ...part.shape.slice(axis)] }));
  return concatConst(expanded, axis);
}

/** Gathers a constant along every axis by index lists (used by static strided slices). */
export function gatherConst(value: ConstValue, indices: readonly number[][]): ConstValue {
  const shape = indices.map((list) => list.length);
  const strides = stridesOf(value.shape);
  const out = like(value.data, sizeOf(shape));
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < out.length; flat++) {
    let source = 0;
    for (let axis = 0; axis < shape.length; axis++) source += indices[axis]![index[axis]!]! * strides[axis]!;
    out[flat] = value.data[source]!;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return { kind: 'const', dtype: value.dtype, shape, data: out };
}

/** A scalar int32 constant vector (for shape results). */
export function shapeConst(shape: readonly number[]): ConstValue {
  return intConst([shape.length], shape);
}
