import { homedir } from 'node:os';
import { isAbsolute, relative, sep } from 'node:path';

/**
 * Reports are handed to other people and machines, so they carry no absolute local paths
 * (`/home/alice/…`): file paths are written relative to the suite file, as the suite names them,
 * and the files are identified by their SHA-256 beside them.
 *
 * @param path - absolute path of a model or data file
 * @param suiteDir - absolute folder of the suite file
 * @returns the path relative to the suite folder with forward slashes, e.g. `models/cnn/model.json`
 */
export function suiteRelativePath(path: string, suiteDir: string): string {
  if (!isAbsolute(path)) return path.split(sep).join('/');
  return relative(suiteDir, path).split(sep).join('/') || '.';
}

/**
 * Replaces the working folder and the home folder inside free text (error messages, backend
 * reasons) with `.` and `~`, so a message keeps its meaning without naming local folders.
 */
export function scrubLocalPaths(text: string, cwd = process.cwd(), home = homedir()): string {
  let out = text;
  for (const [folder, alias] of [[cwd, '.'], [home, '~']] as const) {
    if (folder.length > 1) out = out.split(`${folder}${sep}`).join(`${alias}/`).split(folder).join(alias);
  }
  return out;
}
