/**
 * The one way robustcheck reads or appends to a file the user named (suites, `extends` bases,
 * reports, event logs, `$GITHUB_STEP_SUMMARY`). A FIFO blocks a read or an append forever,
 * `/dev/zero` and `/dev/urandom` never end, a sparse or runaway file exhausts memory: every file is
 * opened without blocking, checked to be a regular file on the opened descriptor (no race between
 * a check and the read), and read only up to a size cap.
 */
import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, writeSync } from 'node:fs';
import { InputError, RuntimeFailure } from '../errors.js';
import type { RuntimeFailureCode } from '../error-codes.js';

/** Why a file was refused before (or while) it was read. */
export type FileProblem = 'missing' | 'directory' | 'not-regular' | 'too-large' | 'permission' | 'unreadable';

/** Options of {@link readRegularFile}. */
export interface ReadRegularFileOptions {
  /** Largest size read, in bytes; a larger file is refused unread. */
  maxBytes: number;
  /**
   * Builds the caller's error for a problem (its code, wording and hint). `detail` is the system
   * message for `unreadable`, the size in bytes for `too-large`. Default: {@link defaultFileError}.
   */
  error?: (problem: FileProblem, detail: string) => Error;
}

/** Generic InputError (`FILE_UNREADABLE`, exit 2) naming the file and the problem. */
export function defaultFileError(path: string, maxBytes: number): (problem: FileProblem, detail: string) => Error {
  return (problem, detail) => new InputError('FILE_UNREADABLE', `${path}: ${describeFileProblem(problem, detail, maxBytes)}.`, [{ file: path, message: describeFileProblem(problem, detail, maxBytes) }]);
}

/** Plain words for a {@link FileProblem}, e.g. "is not a regular file (a pipe, socket or device)". */
export function describeFileProblem(problem: FileProblem, detail: string, maxBytes: number): string {
  switch (problem) {
    case 'missing': return 'no such file';
    case 'directory': return 'is a folder, not a file';
    case 'not-regular': return 'is not a regular file (a pipe, socket or device) — robustcheck reads only regular files';
    case 'too-large': return `is ${detail} bytes, more than the ${maxBytes}-byte limit`;
    case 'permission': return 'cannot be read (permission denied)';
    default: return `cannot be read (${detail})`;
  }
}

function problemOf(error: unknown): FileProblem {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
  if (code === 'EISDIR') return 'directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission';
  // A FIFO opened for writing without a reader (O_NONBLOCK) answers ENXIO.
  if (code === 'ENXIO') return 'not-regular';
  return 'unreadable';
}

/** The real path of an open descriptor (Linux `/proc/self/fd`); empty where unavailable. */
function realPathOf(fd: number): { realPath?: string } {
  try {
    return { realPath: readlinkSync(`/proc/self/fd/${fd}`) };
  } catch {
    return {};
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/**
 * Reads a whole regular file, at most `maxBytes`. Never blocks: the file is opened with
 * `O_NONBLOCK` and its type checked on the open descriptor before any byte is read.
 *
 * @throws the error `options.error` builds (default: InputError `FILE_UNREADABLE`, exit 2)
 */
export function readRegularFile(path: string, options: ReadRegularFileOptions): Buffer {
  return readRegularFileAt(path, options).bytes;
}

/**
 * {@link readRegularFile}, also returning where the opened file really is (every symlink
 * resolved, read from the open descriptor, so it is the file whose bytes were read), or
 * undefined where the system does not say (no `/proc`).
 */
export function readRegularFileAt(path: string, options: ReadRegularFileOptions): { bytes: Buffer; realPath?: string } {
  const build = options.error ?? defaultFileError(path, options.maxBytes);
  const ours = new WeakSet<object>();
  const fail = (problem: FileProblem, detail: string) => {
    const error = build(problem, detail);
    ours.add(error);
    return error;
  };
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fail(problemOf(error), firstLine(error));
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) throw fail('directory', '');
    if (!info.isFile()) throw fail('not-regular', '');
    if (info.size > options.maxBytes) throw fail('too-large', String(info.size));
    // Read one byte past the cap: a file that grows while being read is refused, not truncated.
    const buffer = Buffer.alloc(Math.min(options.maxBytes + 1, info.size + 1));
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (filled > options.maxBytes) throw fail('too-large', `more than ${options.maxBytes}`);
        break;
      }
      const count = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (count === 0) break;
      filled += count;
    }
    if (filled > options.maxBytes) throw fail('too-large', `more than ${options.maxBytes}`);
    return { bytes: buffer.subarray(0, filled), ...realPathOf(fd) };
  } catch (error) {
    if (typeof error === 'object' && error !== null && ours.has(error)) throw error;
    throw fail(problemOf(error), firstLine(error));
  } finally {
    closeSync(fd);
  }
}

/**
 * Appends text to a regular file, creating it when absent (the `$GITHUB_STEP_SUMMARY` contract).
 * A FIFO, socket or device is refused without blocking; a failing write (disk full, read-only
 * file) is a `RuntimeFailure` with `code` (exit 3) whose message says what to do (`hint`).
 */
export function appendRegularFile(path: string, text: string, what: { code: RuntimeFailureCode; name: string; hint: string }): void {
  const fail = (reason: string) => new RuntimeFailure(what.code, `Could not append to ${what.name} (${path}): ${reason}. ${what.hint}`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK, 0o644);
  } catch (error) {
    const problem = problemOf(error);
    throw fail(problem === 'unreadable' ? firstLine(error) : describeFileProblem(problem, '', 0).replace('cannot be read', 'cannot be written'));
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw fail(describeFileProblem(info.isDirectory() ? 'directory' : 'not-regular', '', 0));
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } catch (error) {
    if (error instanceof RuntimeFailure) throw error;
    throw fail(firstLine(error));
  } finally {
    closeSync(fd);
  }
}
