import { refuseHardLinks } from './hard-links.js';
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { guardFileAccess, nodeModelFileReader, weightFileHint, type ModelFileReader } from './model-file-reader.js';
import { checkManifestPaths, resolveManifestFiles } from './model-files.js';
import { defaultMaxModelJsonBytes, readModelJson } from './model-json.js';

/**
 * Hex SHA-256 over model.json's bytes followed by each weight file's bytes in manifest order:
 * the value a suite's `model.sha256` pins. Weight paths get the same checks as loading (plain
 * relative paths inside the model folder, symlinks included); weight specs are not checked, so a
 * model can be hashed even when it would not load.
 *
 * @param modelJsonPath - path of model.json
 * @param reader - file-system access (default: node:fs/promises)
 * @throws InputError for a missing, unreadable or unsafe file.
 */
export async function hashModelFiles(modelJsonPath: string, reader: ModelFileReader = nodeModelFileReader): Promise<string> {
  const modelJson = await readModelJson(modelJsonPath, reader, defaultMaxModelJsonBytes);
  const files = await resolveManifestFiles(modelJson, checkManifestPaths(modelJson), reader);
  const hash = createHash('sha256').update(modelJson.bytes);
  for (const file of files) {
    const what = `Weight file "${file}"`;
    // Reading a FIFO or device would hang or never end; only regular files are hashed.
    const info = await guardFileAccess(what, () => reader.stat(file), weightFileHint);
    if (!info.isFile()) throw new InputError('MODEL_MISSING', `${what} is not a regular file. List weight files, not folders or devices.`);
    refuseHardLinks(what, info);
    hash.update(await guardFileAccess(what, () => reader.readFile(file), weightFileHint));
  }
  return hash.digest('hex');
}
