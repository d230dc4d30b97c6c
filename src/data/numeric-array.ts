/** A decoded n-dimensional numeric array from a data file (NumPy or IDX). */
export interface NumericArray {
  shape: number[];
  /** Element type name as in the file (`uint8`, `float32`, …). */
  dtype: string;
  /** Values, row-major, converted to float64/float32 views as decoded. */
  values: Float32Array | Float64Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;
}

/** Whether the dtype holds integers (so uint8 pixels can be rescaled by default). */
export function isIntegerDtype(dtype: string): boolean {
  return /^u?int/.test(dtype);
}
