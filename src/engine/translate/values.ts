/**
 * The two kinds of value a translation tracks. Constants stay on the host so shape arithmetic,
 * quantised weights and batch norms fold before anything reaches the graph; dynamic values are
 * graph tensors whose only unknown dimension is the batch axis (logical axis 0, physical axis 0).
 */

/** A host constant (weights, shape vectors, axes). */
export interface ConstValue {
  kind: 'const';
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

/**
 * A graph tensor. `shape` is the logical shape the tfjs model sees (`shape[0] = -1`, the batch);
 * `perm` says how it is laid out in the graph: physical axis `i` holds logical axis `perm[i]`
 * (`[0, 3, 1, 2]` is NHWC data stored NCHW). Keeping the layout separate from the logical shape
 * lets convolutions run NCHW while axis attributes are remapped rather than transposed.
 */
export interface DynValue {
  kind: 'dyn';
  name: string;
  shape: number[];
  perm: number[];
}

export type Value = ConstValue | DynValue;

/** NHWC data stored NCHW. */
export const nchw: readonly number[] = [0, 3, 1, 2];

/** The identity permutation of `rank` axes. */
export function identityPerm(rank: number): number[] {
  return Array.from({ length: rank }, (_, axis) => axis);
}

/** Whether `perm` is the identity (the value is stored in its logical order). */
export function isPlain(perm: readonly number[]): boolean {
  return perm.every((axis, index) => axis === index);
}

/** Element count of a constant shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/** A float32 host constant. */
export function floatConst(shape: readonly number[], data: Float32Array): ConstValue {
  if (data.length !== sizeOf(shape)) throw new Error(`constant of shape [${shape.join(', ')}] has ${data.length} values`);
  return { kind: 'const', dtype: 'float32', shape: [...shape], data };
}

/** An int32 host constant. */
export function intConst(shape: readonly number[], data: ArrayLike<number>): ConstValue {
  return { kind: 'const', dtype: 'int32', shape: [...shape], data: Int32Array.from(data) };
}

/** A constant's values as float32 (integer constants widened). */
export function floats(value: ConstValue): Float32Array {
  return value.data instanceof Float32Array ? value.data : new Float32Array(value.data);
}

/** A constant's values as plain integers. */
export function integers(value: ConstValue): number[] {
  return Array.from(value.data, (entry) => Math.trunc(entry));
}

/** Normalises a possibly negative axis of a rank-`rank` tensor. */
export function normAxis(axis: number, rank: number): number {
  const normalised = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(normalised) || normalised < 0 || normalised >= rank) throw new Error(`axis ${axis} is out of range for rank ${rank}`);
  return normalised;
}

/**
 * Thrown by an op or layer translation for a form it does not cover; the translator reports
 * `label` among the unsupported ops instead of failing.
 */
export class UnsupportedForm extends Error {
  constructor(readonly label: string, readonly detail: string) {
    super(`${label}: ${detail}`);
    this.name = 'UnsupportedForm';
  }

  /** How the form is listed among unsupported ops: the op or layer, then why, e.g. `Reshape (target [1, -1] folds the batch axis)`. */
  get entry(): string {
    return `${this.label} (${this.detail})`;
  }
}
