import { isAbsolute, join, relative, sep } from 'node:path';
import { InputError } from '../errors.js';
import { guardFileAccess, weightFileHint, type ModelFileReader } from './model-file-reader.js';

/**
 * Why a weights-manifest path is not a plain relative path inside the model folder, or
 * `undefined` when it is. Purely lexical: decided before anything is resolved or opened.
 * tfjs's own loaders treat these paths as URLs relative to model.json, so anything a URL or
 * another OS could read as "elsewhere" is refused rather than interpreted.
 */
export function unsafeWeightPathReason(path: string): string | undefined {
  if (path.length === 0) return 'is empty';
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'contains a NUL or control character';
  if (path.includes('\\')) return 'contains a backslash (a Windows separator that could climb out of the folder)';
  if (path.startsWith('/')) return 'is an absolute path';
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return 'starts with a URL scheme or drive letter';
  if (/%[0-9a-f]{2}/i.test(path)) return 'contains URL-encoded characters (e.g. %2e%2e for "..")';
  if (path.split('/').some((segment) => segment === '..')) return 'has a ".." segment that leaves the model folder';
  return undefined;
}

/** True when `target` is strictly inside `folder` (both canonical absolute paths). */
export function isInsideFolder(folder: string, target: string): boolean {
  const rel = relative(folder, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Resolves a lexically safe manifest path against the model folder's canonical path, following
 * symlinks, and refuses a target outside that folder. Returns the canonical path to read, so the
 * file opened is the file checked. `label` names the manifest entry and its model.json in messages.
 */
export async function resolveWeightFile(
  realFolder: string,
  manifestPath: string,
  label: string,
  reader: ModelFileReader,
): Promise<string> {
  const candidate = join(realFolder, manifestPath);
  const real = await guardFileAccess(`Weight file "${candidate}" (${label})`, () => reader.realpath(candidate), weightFileHint);
  if (!isInsideFolder(realFolder, real)) {
    throw new InputError('MODEL_PATH_ESCAPE',
      `Weight file "${manifestPath}" (${label}) resolves (through a symlink) to "${real}", outside the model folder "${realFolder}". ` +
      'Copy the weight file into the model folder instead of linking to it.');
  }
  return real;
}
