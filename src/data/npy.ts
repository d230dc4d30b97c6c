import type { NumericArray } from './numeric-array.js';
import { fortranToC, swapByteOrder } from './npy-layout.js';

/** Thrown for malformed `.npy` bytes; callers add the file name. */
export class NpyFormatError extends Error {}

type TypedArrayCtor = new (buffer: ArrayBuffer) => NumericArray['values'];

/** NumPy dtype descriptors we read, little-endian or byte-sized only. */
const npyTypes: Record<string, { dtype: string; bytes: number; ctor: TypedArrayCtor }> = {
  '|u1': { dtype: 'uint8', bytes: 1, ctor: Uint8Array },
  '|i1': { dtype: 'int8', bytes: 1, ctor: Int8Array },
  // NumPy bools are one byte, 0 or 1; read as uint8 (not rescaled: isIntegerDtype('bool') is false).
  '|b1': { dtype: 'bool', bytes: 1, ctor: Uint8Array },
  '<u2': { dtype: 'uint16', bytes: 2, ctor: Uint16Array },
  '<i2': { dtype: 'int16', bytes: 2, ctor: Int16Array },
  '<i4': { dtype: 'int32', bytes: 4, ctor: Int32Array },
  '<u4': { dtype: 'uint32', bytes: 4, ctor: Uint32Array },
  '<f4': { dtype: 'float32', bytes: 4, ctor: Float32Array },
  '<f8': { dtype: 'float64', bytes: 8, ctor: Float64Array },
  '<i8': { dtype: 'int64', bytes: 8, ctor: Float64Array },
  '<u8': { dtype: 'uint64', bytes: 8, ctor: Float64Array },
};

const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** One `'key': value` entry of a `.npy` header dict: a quoted string, a bool, None, an integer or a tuple. */
const headerEntry = /\s*'([^']*)'\s*:\s*('[^']*'|True|False|None|-?\d+|\([^)]*\))\s*(,|(?=\}))/y;

/**
 * Parses the Python-dict header of a `.npy` file without evaluating it: exactly the keys
 * `descr`, `fortran_order` and `shape`, each once (a duplicate key would let two readers disagree
 * on the layout), and nothing but padding after the closing brace.
 */
function parseHeader(header: string): { descr: string; fortran: boolean; shape: number[] } {
  const body = header.replace(/[\s\n]+$/, '');
  if (!body.startsWith('{') || !body.endsWith('}')) throw new NpyFormatError('malformed .npy header (expected a {...} dict)');
  const entries = new Map<string, string>();
  headerEntry.lastIndex = 1;
  while (headerEntry.lastIndex < body.length - 1) {
    const start = headerEntry.lastIndex;
    const match = headerEntry.exec(body);
    if (!match) {
      if (/^\s*$/.test(body.slice(start, -1))) break;
      throw new NpyFormatError(`malformed .npy header near character ${start + 1}`);
    }
    const [, key, value] = match;
    if (entries.has(key!)) throw new NpyFormatError(`.npy header has the key '${key}' twice; write the file with numpy.save`);
    if (!['descr', 'fortran_order', 'shape'].includes(key!)) throw new NpyFormatError(`.npy header has an unknown key '${key!.slice(0, 32)}'`);
    entries.set(key!, value!);
  }
  const descr = /^'([^']+)'$/.exec(entries.get('descr') ?? '')?.[1];
  const fortran = entries.get('fortran_order');
  const shapeText = /^\(([^)]*)\)$/.exec(entries.get('shape') ?? '')?.[1];
  if (descr === undefined || (fortran !== 'True' && fortran !== 'False') || shapeText === undefined) {
    throw new NpyFormatError('malformed .npy header (descr, fortran_order and shape are required)');
  }
  const shape = shapeText.split(',').map((part) => part.trim()).filter((part) => part.length > 0).map((part) => {
    if (!/^\d+L?$/.test(part)) throw new NpyFormatError(`bad dimension "${part}" in .npy shape`);
    return Number.parseInt(part, 10);
  });
  return { descr, fortran: fortran === 'True', shape };
}

/**
 * Decodes a NumPy `.npy` file (format 1.0–3.0, C or Fortran order, numeric dtypes of either byte
 * order); values are returned in C order, little-endian. 64-bit
 * integers are converted to float64 (exact below 2^53). The byte count is checked against the
 * header before values are read.
 */
export function decodeNpy(bytes: Uint8Array): NumericArray {
  if (bytes.length < 6 || magic.some((byte, i) => bytes[i] !== byte)) throw new NpyFormatError('not a .npy file (bad magic)');
  const major = bytes[6];
  if (major === undefined) throw new NpyFormatError('truncated .npy header');
  if (major < 1 || major > 3) throw new NpyFormatError(`unsupported .npy format version ${major} (1, 2 and 3 are read)`);
  // Versions 2 and 3 have a 4-byte header length; reading it from a shorter file would throw a RangeError.
  const headerStart = major === 1 ? 10 : 12;
  if (bytes.length < headerStart) throw new NpyFormatError('truncated .npy header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerStart + headerLength > bytes.length) throw new NpyFormatError('truncated .npy header');
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const { descr, fortran, shape } = parseHeader(header);
  // `>` is big-endian, `=` native (little-endian on every platform Node runs robustcheck on).
  const bigEndian = descr.startsWith('>');
  const normalised = bigEndian || descr.startsWith('=') ? `<${descr.slice(1)}` : descr;
  const key = normalised === '<u1' ? '|u1' : normalised === '<i1' ? '|i1' : normalised === '<b1' ? '|b1' : normalised;
  // Own keys only: a descr such as "constructor" or "__proto__" must not reach Object.prototype.
  const type = Object.hasOwn(npyTypes, key) ? npyTypes[key] : undefined;
  if (!type) throw new NpyFormatError(`unsupported dtype "${descr}" (use float32, float64, integers or bool)`);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLength;
  const expected = dataStart + count * type.bytes;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? 'truncated' : 'unexpected trailing bytes';
    throw new NpyFormatError(`${what}: header declares ${count} values (${expected} bytes) but the file has ${bytes.length} bytes`);
  }
  const raw = bytes.slice(dataStart, expected);
  if (bigEndian) swapByteOrder(raw, type.bytes);
  const copy = raw.buffer;
  let values: NumericArray['values'];
  if (type.dtype === 'int64' || type.dtype === 'uint64') {
    const wide = new DataView(copy);
    values = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      values[i] = Number(type.dtype === 'int64' ? wide.getBigInt64(i * 8, true) : wide.getBigUint64(i * 8, true));
    }
  } else {
    values = new type.ctor(copy);
  }
  return { shape, dtype: type.dtype, values: fortran ? fortranToC(values, shape) : values };
}

/** Encodes a float32 or uint8 array as a `.npy` file (format 1.0). Used for exports and fixtures. */
export function encodeNpy(values: Float32Array | Uint8Array | Int32Array, shape: number[]): Uint8Array {
  const descr = values instanceof Float32Array ? '<f4' : values instanceof Int32Array ? '<i4' : '|u1';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + values.byteLength);
  out.set(magic, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 10 + header.length);
  return out;
}
