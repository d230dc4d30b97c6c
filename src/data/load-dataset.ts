import { basename } from 'node:path';
import { InputError } from '../errors.js';
import type { ResolvedSuite } from '../suite/types.js';
import { checkMemberSize, checkMemoryEstimate, inflateGzip, readDataBytes, sha256Hex } from './data-files.js';
import { InMemoryDataset, sampleLength, type Dataset } from './dataset.js';
import { decodeIdx } from './idx.js';
import { isFolder, loadImageFolder } from './image-folder.js';
import { decodeNpy } from './npy.js';
import { decodeNpz, listNpzMembers } from './npz.js';
import type { NumericArray } from './numeric-array.js';
import type { ExpectedData } from './expected-data.js';
import { checkShape, scaleFor, toInputValues, toLabels } from './data-values.js';

/** File formats {@link loadDataset} reads. */
export type DataFormat = 'npy' | 'npz' | 'idx';

// Image folders (`format: "images"`) are read by loadImageFolder, not as one file.

/** Array names tried in an `.npz` when the suite does not name one (`arr_N`: `np.savez` without keywords). */
const npzInputKeys = ['x', 'images', 'x_test', 'data', 'arr_0'];
const npzLabelKeys = ['y', 'labels', 'y_test', 'arr_1'];

/**
 * Loads the suite's data file, checks it against the model and returns it as a {@link Dataset}.
 *
 * - Format from `spec.format`, else the extension (`.npy`, `.npz`, `.idx`/`.idxN`, `-ubyte`, each
 *   optionally `.gz`), else the file's magic bytes.
 * - Inputs: the `.npy`/IDX array, or the `.npz` array `spec.x` (default `x`, `images`, `x_test`,
 *   `data`, `arr_0`). Labels (only when `spec.labels` is `file`): `spec.labelsPath` when given,
 *   else the `.npz` array `spec.y` (default `y`, `labels`, `y_test`, `arr_1`); `[n]`, `[n, 1]` or
 *   one-hot `[n, numClasses]`.
 * - Values are multiplied by `spec.scale` (default 1/255 for integer dtypes, 1 for floats) and
 *   stored as float32. Samples may lack a trailing channel axis of size 1 that the model has.
 * - Every sample is checked, not just the first `spec.limit`: the runner applies `limit` (which
 *   `--limit` overrides) and shards after loading.
 *
 * The whole file is decoded into memory: `.npz` and gzipped files cannot be read at an offset
 * without inflating them. Peak memory is about the file size plus 4 bytes per value. Files, and
 * their content after inflating gzip or an `.npz` member, are capped at `dataLimits.maxBytes`
 * before anything is read or inflated. The returned dataset carries the SHA-256 of the data file
 * (and labels file) bytes as read, for the report.
 *
 * @throws {@link InputError} `DATA_MISSING` (no such file, a folder, a pipe or device),
 *   `DATA_TOO_LARGE` (file or inflated content over the limit), `DATA_FORMAT` (unknown
 *   or malformed file, truncated, bad header, missing `.npz` array), `DATA_SHAPE` (rank < 2 or
 *   sample shape ≠ model input), `DATA_EMPTY`, `DATA_SCALE` (scale not finite and > 0),
 *   `DATA_NAN`, `DATA_RANGE` (values outside `inputRange` after scaling), `DATA_LABELS` (missing,
 *   wrong count or shape, non-integer or out of range).
 */
export async function loadDataset(spec: ResolvedSuite['data'], expected: ExpectedData): Promise<Dataset> {
  // A folder (or format "images") holds PNG/JPEG files: see image-folder.ts.
  if (spec.format === 'images' || isFolder(spec.path)) return loadImageFolder(spec, expected);
  const source = await readDataFile(spec.path, spec.format);
  const { x, y } = readArrays(source, spec);
  const sampleShape = checkShape(source.file, x, expected.inputShape);
  const values = toInputValues(source.file, x, sampleLength(sampleShape), scaleFor(spec.scale, x.dtype), expected.inputRange);
  // Labels come from the data file unless a labels file is given; `predicted` ignores both.
  const labelsFile = spec.labels === 'file' && spec.labelsPath !== undefined ? await readLabelsFile(spec.labelsPath, spec.y) : undefined;
  const labelsArray = spec.labels !== 'file' ? undefined
    : labelsFile !== undefined ? { array: labelsFile.array, file: spec.labelsPath! } : y;
  const labels = labelsArray && toLabels(labelsArray.file, labelsArray.array, x.shape[0]!, expected.numClasses);
  return new InMemoryDataset(sampleShape, values, labels, { sha256: source.sha256, ...(labelsFile ? { labelsSha256: labelsFile.sha256 } : {}) });
}

const predictedHint = 'or set data.labels to "predicted" to measure prediction stability instead.';

/**
 * Decodes the inputs array and, when labels come from this file, the labels array. Throws
 * `DATA_LABELS` when labels are needed but the file cannot hold or does not hold them.
 */
function readArrays(source: SourceFile, spec: ResolvedSuite['data']): { x: NumericArray; y?: { array: NumericArray; file: string } } {
  const labelsHere = spec.labels === 'file' && spec.labelsPath === undefined;
  if (source.format !== 'npz') {
    if (labelsHere) {
      throw labelsError(source.file, `data.labels is "file" but ${source.format === 'npy' ? '.npy' : 'IDX'} files hold no ` +
        `labels. Add data.labelsPath (a .npy or IDX file of class indices), ${predictedHint}`);
    }
    return { x: decodeAs(source, source.format === 'npy' ? decodeNpy : decodeIdx) };
  }
  const members = npzMembers(source);
  const keys = members.map((member) => member.name);
  const held = keys.join(', ') || 'no arrays';
  const xKey = pickKey(source, keys, spec.x, npzInputKeys, 'data.x');
  const yKey = labelsHere ? findKey(keys, spec.y, npzLabelKeys) : undefined;
  if (labelsHere && yKey === undefined) {
    if (spec.y !== undefined) throw formatError(source.file, `has no array "${spec.y}" (data.y); it holds: ${held}`);
    throw labelsError(source.file, `data.labels is "file" but the archive has no labels array (${npzLabelKeys.join(', ')}; ` +
      `it holds: ${held}). Name it with data.y, add data.labelsPath, ${predictedHint}`);
  }
  checkMemberSizes(source, members, yKey === undefined ? [xKey] : [xKey, yKey]);
  const arrays = decodeAs(source, (bytes) => decodeNpz(bytes, yKey === undefined ? [xKey] : [xKey, yKey]));
  return { x: arrays[xKey]!, y: yKey === undefined ? undefined : { array: arrays[yKey]!, file: source.file } };
}

interface SourceFile {
  file: string;
  format: DataFormat;
  /** File bytes, already inflated when the file was gzipped. */
  bytes: Uint8Array;
  /** Hex SHA-256 of the file's bytes as stored (before inflating). */
  sha256: string;
}

/**
 * Reads a file (checked first: a regular file within the size limit; gzip inflated with a cap)
 * and decides its format; I/O problems are `DATA_MISSING`.
 */
async function readDataFile(file: string, format: DataFormat | 'auto' | undefined): Promise<SourceFile> {
  const stored = await readDataBytes(file);
  const sha256 = sha256Hex(stored);
  const bytes = stored[0] === 0x1f && stored[1] === 0x8b ? inflateGzip(file, stored) : stored;
  if (bytes.length === 0) {
    throw new InputError('DATA_EMPTY', `${file}: the file is empty (0 bytes). Point data.path at a .npy, .npz or IDX file that holds samples.`, [
      { file, message: 'empty file' }]);
  }
  const chosen = format && format !== 'auto' ? format : formatFromName(file) ?? formatFromBytes(bytes);
  if (!chosen) {
    throw formatError(file, 'unknown data format: use a .npy, .npz or IDX (-ubyte) file, or set data.format');
  }
  return { file, format: chosen, bytes, sha256 };
}

function formatFromName(file: string): DataFormat | undefined {
  const name = basename(file).toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.npy')) return 'npy';
  if (name.endsWith('.npz')) return 'npz';
  if (/\.idx\d*$/.test(name) || name.endsWith('-ubyte')) return 'idx';
  return undefined;
}

function formatFromBytes(bytes: Uint8Array): DataFormat | undefined {
  if (bytes[0] === 0x93 && String.fromCharCode(...bytes.subarray(1, 6)) === 'NUMPY') return 'npy';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'npz';
  // IDX: 00 00 <element type> <rank>; the element types are 0x08–0x0e.
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2]! >= 0x08 && bytes[2]! <= 0x0e && bytes[3]! >= 1) return 'idx';
  return undefined;
}

/** Runs a decoder, turning its errors into `DATA_FORMAT` with the file and a hint when the content is another format. */
function decodeAs<T>(source: SourceFile, decode: (bytes: Uint8Array) => T): T {
  try {
    return decode(source.bytes);
  } catch (error) {
    const sniffed = formatFromBytes(source.bytes);
    const hint = sniffed && sniffed !== source.format ? ` (the content looks like ${sniffed}: set data.format to "${sniffed}" or "auto")` : '';
    throw formatError(source.file, `cannot read as ${source.format}: ${(error as Error).message}${hint}`);
  }
}

function npzMembers(source: SourceFile): { name: string; originalSize: number }[] {
  return decodeAs(source, listNpzMembers);
}

/**
 * Refuses, before inflating, chosen `.npz` arrays that declare more bytes than the data limit, or
 * whose loading would need more memory than {@link dataLimits.maxMemoryBytes}: each member is held
 * inflated and copied once, and the inputs (the first chosen member) become float32 — up to four
 * bytes per stored byte for uint8 data. A small archive of zeros can declare gigabytes.
 */
function checkMemberSizes(source: SourceFile, members: { name: string; originalSize: number }[], chosen: string[]): void {
  const picked = members.filter((member) => chosen.includes(member.name));
  for (const member of picked) checkMemberSize(source.file, member.name, member.originalSize);
  const inputs = picked.find((member) => member.name === chosen[0])?.originalSize ?? 0;
  const peak = 2 * picked.reduce((sum, member) => sum + member.originalSize, 0) + 4 * inputs;
  checkMemoryEstimate(source.file, peak);
}

function findKey(keys: string[], given: string | undefined, fallbacks: string[]): string | undefined {
  if (given !== undefined) return keys.includes(given) ? given : undefined;
  return fallbacks.find((key) => keys.includes(key));
}

function pickKey(source: SourceFile, keys: string[], given: string | undefined, fallbacks: string[], field: string): string {
  const key = findKey(keys, given, fallbacks);
  if (key !== undefined) return key;
  const wanted = given !== undefined ? `"${given}" (${field})` : `an inputs array (${fallbacks.join(', ')}); name it with ${field}`;
  throw formatError(source.file, `has no array ${wanted}; it holds: ${keys.join(', ') || 'no arrays'}`);
}

/** Reads a separate labels file: `.npy`, IDX, or `.npz` (array `yKey` or the default label names). */
async function readLabelsFile(file: string, yKey: string | undefined): Promise<{ array: NumericArray; sha256: string }> {
  const source = await readDataFile(file, 'auto');
  if (source.format !== 'npz') return { array: decodeAs(source, source.format === 'npy' ? decodeNpy : decodeIdx), sha256: source.sha256 };
  const members = npzMembers(source);
  const key = pickKey(source, members.map((member) => member.name), yKey, npzLabelKeys, 'data.y');
  checkMemberSizes(source, members, [key]);
  return { array: decodeAs(source, (bytes) => decodeNpz(bytes, [key]))[key]!, sha256: source.sha256 };
}

function formatError(file: string, message: string): InputError {
  return new InputError('DATA_FORMAT', `${file}: ${message}.`, [{ file, message }]);
}

function labelsError(file: string, message: string): InputError {
  return new InputError('DATA_LABELS', `${file}: ${message}`, [{ file, message }]);
}
