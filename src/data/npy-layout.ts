/**
 * Byte order and memory order of `.npy` data. NumPy writes big-endian dtypes (`>f4`) when asked
 * and Fortran (column-major) order by itself for F-contiguous arrays — after a transpose or some
 * fancy indexing — so both are read rather than refused.
 */
import type { NumericArray } from './numeric-array.js';

/** Reverses the bytes of every `width`-byte element in place (big-endian ↔ little-endian). */
export function swapByteOrder(bytes: Uint8Array, width: number): void {
  if (width <= 1) return;
  for (let start = 0; start + width <= bytes.length; start += width) {
    for (let low = start, high = start + width - 1; low < high; low++, high--) {
      const byte = bytes[low]!;
      bytes[low] = bytes[high]!;
      bytes[high] = byte;
    }
  }
}

/**
 * Reorders column-major (Fortran) values into row-major (C) order: element (i0, …, ik) sits at
 * Σ ij·Π(d<j) dims in Fortran order and at Σ ij·Π(d>j) dims in C order.
 *
 * @param values - values in Fortran order
 * @param shape - the array's shape
 * @returns a new array of the same type in C order
 */
export function fortranToC<T extends NumericArray['values']>(values: T, shape: number[]): T {
  const rank = shape.length;
  if (rank < 2) return values;
  const out = new (values.constructor as new (length: number) => T)(values.length);
  const fortranStrides = new Array<number>(rank);
  let stride = 1;
  for (let axis = 0; axis < rank; axis++) {
    fortranStrides[axis] = stride;
    stride *= shape[axis]!;
  }
  const index = new Array<number>(rank).fill(0);
  let source = 0;
  for (let target = 0; target < values.length; target++) {
    out[target] = values[source]!;
    // Advance the C-order multi-index (last axis fastest) and the matching Fortran offset.
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]! += 1;
      source += fortranStrides[axis]!;
      if (index[axis]! < shape[axis]!) break;
      source -= index[axis]! * fortranStrides[axis]!;
      index[axis] = 0;
    }
  }
  return out;
}
