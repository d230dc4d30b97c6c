import { extname } from 'node:path';
import { hashDataFile } from '../../data/data-files.js';
import { hashModelFiles } from '../../model/hash.js';

/**
 * The SHA-256 `robustcheck hash` prints for one file: for a model.json (any `.json` file) the
 * value `model.sha256` pins — model.json's bytes followed by its weight files in manifest order,
 * with the same path checks as loading; for any other file (data, labels) the hash of its bytes,
 * as reports record it in `data.sha256` / `data.labelsSha256`.
 *
 * @param path - file path as the user gave it (relative to the current folder)
 * @throws InputError for a missing, unreadable, non-regular or (model) unsafe file
 */
export async function hashFile(path: string): Promise<{ kind: 'model' | 'data'; sha256: string }> {
  if (extname(path).toLowerCase() === '.json') return { kind: 'model', sha256: await hashModelFiles(path) };
  return { kind: 'data', sha256: await hashDataFile(path) };
}

/**
 * `robustcheck hash PATH...`: prints `<sha256>  <path>` per file (the `sha256sum` layout), the
 * value to pin as `model.sha256` for a model.json, or a data file's hash as reports record it.
 * Stops at the first file that cannot be hashed (exit 2 with what to do).
 */
export async function hashCommand(paths: string[], write: (line: string) => void): Promise<number> {
  for (const path of paths) {
    const { sha256 } = await hashFile(path);
    write(`${sha256}  ${path}`);
  }
  return 0;
}
