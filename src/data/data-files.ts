import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../errors.js';

/**
 * Limits on data files, checked before the bytes are read or inflated so a hostile file (a huge
 * or sparse file, a gzip or zip bomb) is refused instead of exhausting memory.
 */
export const dataLimits = {
  /** Largest data file read, and largest content after inflating gzip or an `.npz` member, in bytes (1 GiB). */
  maxBytes: 2 ** 30,
  /** Most memory loading one data file may need at its peak, estimated before inflating (1.5 GiB). */
  maxMemoryBytes: 1.5 * 2 ** 30,
} as const;

/** Hex SHA-256 of bytes: the value reports record for a data file (`data.sha256`). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function tooLarge(file: string, what: string, maxBytes: number): InputError {
  const unit = maxBytes % 2 ** 30 === 0 ? ` (${maxBytes / 2 ** 30} GiB)` : maxBytes % 2 ** 20 === 0 ? ` (${maxBytes / 2 ** 20} MiB)` : '';
  return new InputError('DATA_TOO_LARGE', `${file}: ${what}, over the ${maxBytes}-byte${unit} limit on data robustcheck loads at once. ` +
    'Evaluate a smaller sample: save the first N samples to a separate file.', [{ file, message: what }]);
}

/**
 * Checks that `file` is a regular data file no larger than `maxBytes`, before anything is read:
 * a FIFO, socket or device would block a read forever, and a folder cannot be read at all.
 *
 * @returns its size in bytes
 * @throws InputError `DATA_MISSING` (absent, a folder, not a regular file, unreadable),
 *   `DATA_TOO_LARGE` (over `maxBytes`)
 */
export async function checkDataFile(file: string, maxBytes: number = dataLimits.maxBytes): Promise<number> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw unreadable(file, error);
  }
  if (info.isDirectory()) {
    throw new InputError('DATA_MISSING', `${file}: is a folder; data.path must name a .npy, .npz or IDX file.`, [
      { file, message: 'is a folder, not a data file' }]);
  }
  if (!info.isFile()) {
    throw new InputError('DATA_MISSING', `${file}: is not a regular file (a pipe, socket or device); data.path must name a .npy, .npz or IDX file.`, [
      { file, message: 'not a regular file' }]);
  }
  if (info.size > maxBytes) throw tooLarge(file, `the file is ${info.size} bytes`, maxBytes);
  return info.size;
}

/** Reads a checked data file whole; I/O problems are `DATA_MISSING`. */
export async function readDataBytes(file: string, maxBytes: number = dataLimits.maxBytes): Promise<Uint8Array> {
  await checkDataFile(file, maxBytes);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw unreadable(file, error);
  }
  // The file may have grown between the check and the read.
  if (bytes.byteLength > maxBytes) throw tooLarge(file, `the file grew to ${bytes.byteLength} bytes while being read`, maxBytes);
  return bytes;
}

/**
 * Inflates gzip data with a cap on the output, so a small "gzip bomb" cannot inflate to gigabytes.
 * Data gzipped twice is refused: it is never legitimate and would dodge the cap.
 *
 * @throws InputError `DATA_TOO_LARGE` past `maxBytes`, `DATA_FORMAT` for corrupt gzip data
 */
export function inflateGzip(file: string, bytes: Uint8Array, maxBytes: number = dataLimits.maxBytes): Uint8Array {
  let inflated: Uint8Array;
  try {
    inflated = new Uint8Array(gunzipSync(bytes, { maxOutputLength: maxBytes }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw tooLarge(file, 'the gzip data inflates to more bytes', maxBytes);
    throw new InputError('DATA_FORMAT', `${file}: corrupt or truncated gzip data (${(error as Error).message}).`, [{ file, message: 'corrupt gzip data' }]);
  }
  if (inflated[0] === 0x1f && inflated[1] === 0x8b) {
    throw new InputError('DATA_FORMAT', `${file}: the file is gzipped twice; gunzip it once and point data.path at the result.`, [{ file, message: 'gzipped twice' }]);
  }
  return inflated;
}

/** Throws `DATA_TOO_LARGE` when an `.npz` member declares more than `maxBytes` uncompressed. */
export function checkMemberSize(file: string, member: string, originalSize: number, maxBytes: number = dataLimits.maxBytes): void {
  if (originalSize > maxBytes) throw tooLarge(file, `array "${member}" declares ${originalSize} bytes uncompressed`, maxBytes);
}

/** Throws `DATA_TOO_LARGE` when loading would need more than `maxMemoryBytes` at its peak (estimated from declared sizes). */
export function checkMemoryEstimate(file: string, peakBytes: number, maxMemoryBytes: number = dataLimits.maxMemoryBytes): void {
  if (peakBytes > maxMemoryBytes) {
    throw tooLarge(file, `its arrays declare sizes that need about ${Math.ceil(peakBytes / 2 ** 20)} MiB of memory to load (inflated, copied and converted to float32)`, maxMemoryBytes);
  }
}

/**
 * Hex SHA-256 of a data file's bytes, streamed (the file need not fit in memory): the value a
 * report records as `data.sha256` / `data.labelsSha256` and `robustcheck hash` prints.
 *
 * @throws InputError `DATA_MISSING` for a missing, non-regular or unreadable file
 */
export async function hashDataFile(file: string): Promise<string> {
  await checkDataFile(file, Number.MAX_SAFE_INTEGER);
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (error) {
    throw unreadable(file, error);
  }
  return hash.digest('hex');
}

function unreadable(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file — check the path (data.path and data.labelsPath are relative to the suite file)'
    : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)'
      : `cannot be read (${(error as Error).message})`;
  return new InputError('DATA_MISSING', `${file}: ${reason}.`, [{ file, message: reason }]);
}
