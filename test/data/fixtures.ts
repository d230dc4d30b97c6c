import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';

/**
 * Test fixtures written byte by byte, independently of the encoders under test, so a bug shared
 * by an encoder and its decoder cannot hide.
 */

/** Builds a `.npy` (format 1.0) with any dtype descriptor from raw little-endian data bytes. */
export function npyBytes(descr: string, shape: number[], data: Uint8Array, header?: string): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let text = header ?? `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  text += ' '.repeat((64 - ((10 + text.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, text.length, true);
  out.set(new TextEncoder().encode(text), 10);
  out.set(data, 10 + text.length);
  return out;
}

/** Raw bytes of a typed array (platform order: little-endian on every machine we run). */
export function bytesOf(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

const npyDescr = new Map<string, string>([
  ['Float32Array', '<f4'], ['Float64Array', '<f8'], ['Uint8Array', '|u1'], ['Int32Array', '<i4'],
  ['BigInt64Array', '<i8'], ['Int16Array', '<i2'],
]);

/** `.npy` bytes for a typed array of a supported kind. */
export function npy(values: Float32Array | Float64Array | Uint8Array | Int32Array | BigInt64Array | Int16Array, shape: number[]): Uint8Array {
  return npyBytes(npyDescr.get(values.constructor.name)!, shape, bytesOf(values));
}

/** `.npz` bytes (deflated zip of `.npy` members). */
export function npz(members: Record<string, Uint8Array>): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, bytes] of Object.entries(members)) entries[`${name}.npy`] = bytes;
  return zipSync(entries, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}

/** IDX bytes (big-endian header) for uint8 or float32 data. */
export function idx(values: Uint8Array | Float32Array, shape: number[]): Uint8Array {
  const type = values instanceof Uint8Array ? 0x08 : 0x0d;
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + values.length * values.BYTES_PER_ELEMENT);
  const view = new DataView(out.buffer);
  out.set([0, 0, type, shape.length], 0);
  shape.forEach((dim, i) => view.setUint32(4 + 4 * i, dim, false));
  values.forEach((value, i) => {
    if (type === 0x08) out[header + i] = value;
    else view.setFloat32(header + 4 * i, value, false);
  });
  return out;
}

/** Gzips bytes. */
export function gz(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}

/** A temporary folder with a `write(name, bytes)` helper; `remove()` deletes it. */
export function tempFolder(): { dir: string; write(name: string, bytes: Uint8Array | string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'robustcheck-data-'));
  return {
    dir,
    write(name, bytes) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Deterministic values 0, 1, …, n−1 modulo `mod`. */
export function ramp(n: number, mod = 256): number[] {
  return Array.from({ length: n }, (_, i) => i % mod);
}
