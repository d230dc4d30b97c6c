import { readFile, realpath, stat } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** What {@link ModelFileReader.stat} reports about a path. */
export interface ModelFileStat {
  /** Size in bytes. */
  size: number;
  /** True for a regular file (not a folder, device, FIFO or socket). */
  isFile(): boolean;
  /** Number of hard links (names) of the file; more than one is refused (see `refuseHardLinks`). */
  nlink?: number;
}

/**
 * The only file-system access model loading uses. Injectable so tests can record every path
 * that is resolved, stat'ed or read, and prove nothing outside the model folder was touched.
 */
export interface ModelFileReader {
  stat(path: string): Promise<ModelFileStat>;
  /** Canonical absolute path with every symlink resolved. */
  realpath(path: string): Promise<string>;
  readFile(path: string): Promise<Uint8Array>;
}

/** {@link ModelFileReader} backed by `node:fs/promises`. */
export const nodeModelFileReader: ModelFileReader = {
  stat: (path) => stat(path),
  realpath: (path) => realpath(path),
  readFile: (path) => readFile(path),
};

/** What to do about a missing model.json or model folder. */
export const modelPathHint = 'Check model.path in the suite (relative to the suite file).';

/** What to do about a missing weight file. */
export const weightFileHint = 'Every weight file listed in model.json must be in the model folder; copy the missing shard next to model.json.';

/**
 * Runs one file-system call and turns its failure into an {@link InputError}: `MODEL_MISSING`
 * when the path does not exist (with `missingHint` saying what to do), `MODEL_UNREADABLE`
 * otherwise. `what` names the file for the user.
 */
export async function guardFileAccess<T>(what: string, action: () => Promise<T>, missingHint = modelPathHint): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new InputError('MODEL_MISSING', `${what} does not exist. ${missingHint}`);
    }
    if (code === 'ELOOP') {
      throw new InputError('MODEL_UNREADABLE', `${what} is a symlink loop. Replace it with the real file.`);
    }
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InputError('MODEL_UNREADABLE', `${what} cannot be read (${reason}). Check its permissions.`);
  }
}
