/**
 * Reads a zip archive's central directory (APPNOTE 4.3.12/4.3.16) without inflating anything:
 * each member's stored CRC-32 and sizes. The unzip library trusts members as they inflate; these
 * records let `.npz` loading verify every inflated member's checksum and bound memory up front.
 */

/** One member as the central directory declares it. */
export interface ZipEntry {
  name: string;
  /** CRC-32 of the uncompressed bytes, as stored. */
  crc32: number;
  /** Declared uncompressed size in bytes. */
  originalSize: number;
}

/** Thrown for a malformed directory; callers add the file name. */
export class ZipDirectoryError extends Error {}

const endOfDirectory = 0x06054b50;
const directoryHeader = 0x02014b50;

/** The archive's members by name (later duplicates are refused: two readers could pick different ones). */
export function readZipDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record sits in the last 22 + 65535 (comment) bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (view.getUint32(at, true) === endOfDirectory) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ZipDirectoryError('no zip end-of-directory record');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== directoryHeader) throw new ZipDirectoryError(`zip directory entry ${i + 1} is malformed`);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) throw new ZipDirectoryError(`zip directory entry ${i + 1} is truncated`);
    const name = new TextDecoder('utf-8').decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (entries.has(name)) throw new ZipDirectoryError(`the archive holds two members named "${name.slice(0, 64)}"`);
    entries.set(name, { name, crc32: view.getUint32(at + 16, true), originalSize: view.getUint32(at + 24, true) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
