import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../errors.js';
import { sha256Hex } from './data-files.js';

/**
 * Labels of an image folder from a file: CSV rows `file,label` (a header row is skipped; the file
 * is the image's path relative to the folder) or JSON, either `{ "a.png": 3, … }` or
 * `[{ "file": "a.png", "label": 3 }, …]`. Every image needs a label, an integer in
 * `[0, numClasses)`.
 *
 * @param path - absolute path of the labels file
 * @param files - the folder's image paths (relative, `/`-separated), in sample order
 */
export function readImageLabels(path: string, files: string[], numClasses: number): { labels: Int32Array; sha256: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InputError('DATA_MISSING', `${path}: cannot read the labels file (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check data.labelsPath.`);
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const byFile = new Map<string, unknown>();
  if (extname(path).toLowerCase() === '.json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new InputError('DATA_LABELS', `${path}: not valid JSON (${(error as Error).message}).`);
    }
    if (Array.isArray(parsed)) for (const row of parsed) byFile.set(String((row as { file?: unknown })?.file), (row as { label?: unknown })?.label);
    else if (parsed !== null && typeof parsed === 'object') for (const [file, label] of Object.entries(parsed)) byFile.set(file, label);
    else throw new InputError('DATA_LABELS', `${path}: expected an object { "file.png": label } or an array of { "file", "label" }.`);
  } else {
    for (const [line, row] of text.split(/\r?\n/).entries()) {
      if (row.trim() === '') continue;
      const [file, label] = row.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
      if (line === 0 && !/^-?\d+$/.test(label ?? '')) continue; // header row
      byFile.set(file!, label === undefined ? undefined : Number(label));
    }
  }
  const labels = new Int32Array(files.length);
  files.forEach((file, index) => {
    const label = byFile.get(file);
    if (label === undefined) throw new InputError('DATA_LABELS', `${path}: no label for image "${file}". Every image in the folder needs a row (file relative to the folder, then its class index).`);
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new InputError('DATA_LABELS', `${path}: label of "${file}" is ${JSON.stringify(label)}; expected a class index 0–${numClasses - 1}.`);
    }
    labels[index] = label;
  });
  return { labels, sha256: sha256Hex(new Uint8Array(bytes)) };
}
