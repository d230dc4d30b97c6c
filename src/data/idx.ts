import { gunzipSync } from 'node:zlib';
import type { NumericArray } from './numeric-array.js';

/** IDX element types by their type code (third byte of the magic number). */
const idxTypes: Record<number, { dtype: string; bytes: number }> = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
};

/** Thrown for malformed IDX bytes; callers add the file name. */
export class IdxFormatError extends Error {}

/** Inflates gzip data; zlib's own errors (truncated stream, bad CRC) become {@link IdxFormatError}. */
function gunzip(bytes: Uint8Array): Uint8Array {
  try {
    return new Uint8Array(gunzipSync(bytes));
  } catch (error) {
    throw new IdxFormatError(`corrupt or truncated gzip data (${(error as Error).message})`);
  }
}

/**
 * Decodes an IDX file (the MNIST/Fashion-MNIST format: big-endian header `00 00 type ndim`, then
 * `ndim` uint32 sizes, then data). Gzipped input (magic `1f 8b`) is inflated first. Checks the
 * byte count against the header before reading values.
 */
export function decodeIdx(bytes: Uint8Array): NumericArray {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzip(bytes) : bytes;
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0) throw new IdxFormatError('not an IDX file (bad magic number)');
  const type = idxTypes[raw[2]!];
  if (!type) throw new IdxFormatError(`unknown IDX element type 0x${raw[2]!.toString(16)}`);
  const ndim = raw[3]!;
  if (ndim === 0 || raw.length < 4 + 4 * ndim) throw new IdxFormatError('truncated IDX header');
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = 4 + 4 * ndim;
  const expected = offset + count * type.bytes;
  if (raw.length !== expected) {
    const what = raw.length < expected ? 'truncated' : 'unexpected trailing bytes';
    throw new IdxFormatError(`${what}: IDX header declares ${count} values (${expected} bytes) but the file has ${raw.length} bytes`);
  }
  if (type.dtype === 'uint8') return { shape, dtype: 'uint8', values: raw.slice(offset, expected) };
  if (type.dtype === 'int8') return { shape, dtype: 'int8', values: new Int8Array(raw.slice(offset, expected).buffer) };
  const values = type.dtype === 'float64' ? new Float64Array(count) : type.dtype === 'float32' ? new Float32Array(count)
    : type.dtype === 'int32' ? new Int32Array(count) : new Int16Array(count);
  for (let i = 0; i < count; i++) {
    const at = offset + i * type.bytes;
    values[i] = type.dtype === 'float64' ? view.getFloat64(at, false) : type.dtype === 'float32' ? view.getFloat32(at, false)
      : type.dtype === 'int32' ? view.getInt32(at, false) : view.getInt16(at, false);
  }
  return { shape, dtype: type.dtype, values };
}
