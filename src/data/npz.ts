import { crc32 } from 'node:zlib';
import { unzipSync, zipSync } from 'fflate';
import { readZipDirectory } from './zip-directory.js';
import { decodeNpy, encodeNpy } from './npy.js';
import type { NumericArray } from './numeric-array.js';

/** Thrown for malformed `.npz` archives; callers add the file name. */
export class NpzFormatError extends Error {}

/**
 * Decodes a NumPy `.npz` archive (zip of `.npy` members, stored or deflated) into arrays keyed by
 * member name without the `.npy` suffix. With `only`, just the named arrays are inflated (an
 * archive often holds train and test splits; the others are skipped, not decompressed).
 */
export function decodeNpz(bytes: Uint8Array, only?: readonly string[]): Record<string, NumericArray> {
  let entries: Record<string, Uint8Array>;
  let directory: ReturnType<typeof readZipDirectory>;
  try {
    directory = readZipDirectory(bytes);
    entries = unzipSync(bytes, {
      filter: (file) => file.name.endsWith('.npy') && (only === undefined || only.includes(file.name.slice(0, -4))),
    });
  } catch (error) {
    throw new NpzFormatError(`not a readable .npz (zip) archive: ${(error as Error).message}`);
  }
  const arrays: Record<string, NumericArray> = Object.create(null);
  for (const [name, member] of Object.entries(entries)) {
    if (!name.endsWith('.npy')) continue;
    // The unzip library does not check CRC-32: a corrupted member would decode to wrong numbers.
    const declared = directory.get(name);
    if (!declared || (crc32(member) >>> 0) !== declared.crc32) {
      throw new NpzFormatError(`member "${name}" fails its CRC-32 check (the archive is corrupt): re-create it with numpy.savez`);
    }
    try {
      arrays[name.slice(0, -4)] = decodeNpy(member);
    } catch (error) {
      throw new NpzFormatError(`member "${name}": ${(error as Error).message}`);
    }
  }
  return arrays;
}

/**
 * Names of the arrays in a `.npz` archive (members ending `.npy`, suffix removed), read from the
 * zip directory without inflating anything.
 */
export function listNpzKeys(bytes: Uint8Array): string[] {
  return listNpzMembers(bytes).map((member) => member.name);
}

/**
 * The arrays of a `.npz` archive with their declared uncompressed sizes in bytes, read from the
 * zip directory without inflating anything. Inflating a member never yields more than its
 * declared size, so checking it bounds the memory a hostile archive can claim.
 */
export function listNpzMembers(bytes: Uint8Array): { name: string; originalSize: number }[] {
  const members: { name: string; originalSize: number }[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (file.name.endsWith('.npy')) members.push({ name: file.name.slice(0, -4), originalSize: file.originalSize });
        return false;
      },
    });
  } catch (error) {
    throw new NpzFormatError(`not a readable .npz (zip) archive: ${(error as Error).message}`);
  }
  return members;
}

/** Encodes arrays as a deflated `.npz` archive. */
export function encodeNpz(arrays: Record<string, { values: Float32Array | Uint8Array | Int32Array; shape: number[] }>): Uint8Array {
  const members: Record<string, Uint8Array> = {};
  for (const [name, array] of Object.entries(arrays)) members[`${name}.npy`] = encodeNpy(array.values, array.shape);
  // A fixed mtime keeps archives byte-identical across runs.
  return zipSync(members, { level: 9, mtime: new Date('2000-01-01T00:00:00Z') });
}
