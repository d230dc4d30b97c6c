/**
 * Loads a suite file: read → hash → parse → apply `extends` (see `extends.ts`) → validate →
 * resolve. Every failure is an {@link InputError} (exit 2) that names the file and says what to do.
 */
import { createHash } from 'node:crypto';
import { resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { readRegularFileAt } from '../io/regular-file.js';
import { composeSuite, usesExtends, validateComposedSuite, type SuiteText } from './extends.js';
import { jsonLimits, parseSuiteJson } from './parse-json.js';
import { resolveSuite, type SuiteOverrides } from './resolve.js';
import type { ResolvedSuite } from './types.js';
import { validateSuite } from './validate.js';

function missing(path: string, reason: string): InputError {
  return new InputError('SUITE_MISSING', `${path}: ${reason}`, [{ file: path, message: reason }]);
}

/** A suite file's bytes and whether its content may be quoted in messages. */
interface SuiteBytes {
  bytes: Buffer;
  /**
   * False for a file reached through a symlink or lying outside the project (the current folder):
   * it may be a token or a key rather than a suite, so parse errors quote none of it.
   */
  quotable: boolean;
}

/**
 * True when the file opened is the path as given (no symlink on the way) and lies inside the
 * current folder. `realPath` comes from the open descriptor; without it (no `/proc`), nothing is
 * quoted: a message without an excerpt is the safe default.
 */
function isQuotable(absolutePath: string, realPath: string | undefined): boolean {
  if (realPath === undefined || realPath !== absolutePath) return false;
  const project = process.cwd();
  return realPath.startsWith(project.endsWith(sep) ? project : project + sep);
}

function readSuiteBytes(displayPath: string, absolutePath: string): SuiteBytes {
  const { bytes, realPath } = readRegularFileAt(absolutePath, {
    maxBytes: jsonLimits.maxBytes,
    error: (problem, detail) => {
      switch (problem) {
        case 'missing': return missing(displayPath, 'suite file not found — check the path (it is relative to the current folder)');
        case 'directory': return missing(displayPath, 'is a directory, not a suite file — pass a *.suite.json file, or no path to run every suites/**/*.suite.json');
        // A FIFO, socket or device would block the read forever (or never end): refused unread.
        case 'not-regular': return missing(displayPath, 'is not a regular file (a pipe, socket or device) — pass a *.suite.json file');
        case 'permission': return missing(displayPath, 'cannot read the suite file: permission denied');
        case 'too-large': {
          const reason = `suite file is ${detail} bytes, more than the ${jsonLimits.maxBytes}-byte limit — keep data in separate files`;
          return new InputError('SUITE_TOO_LARGE', `${displayPath}: ${reason}`, [{ file: displayPath, message: reason }]);
        }
        default: return missing(displayPath, `cannot read the suite file: ${detail}`);
      }
    },
  });
  return { bytes, quotable: isQuotable(absolutePath, realPath) };
}

function encodingError(displayPath: string, reason: string): InputError {
  return new InputError('SUITE_SYNTAX', `${displayPath}: ${reason}`, [{ file: displayPath, message: reason }]);
}

function decodeSuite(displayPath: string, bytes: Buffer): string {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) throw encodingError(displayPath, 'the file is UTF-16 — save it as UTF-8');
  try {
    // ignoreBOM keeps a UTF-8 byte-order mark in the text; parseSuiteJson skips it.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw encodingError(displayPath, 'the file is not valid UTF-8 — save it as UTF-8');
  }
}

/**
 * Loads, validates and resolves one suite file.
 *
 * @param path - suite file path, absolute or relative to the current folder (kept for messages)
 * @param overrides - command-line `--seed` / `--limit`
 * @throws InputError `SUITE_MISSING` (absent, a directory, unreadable), `SUITE_TOO_LARGE`
 *   (over 1 MiB), `SUITE_SYNTAX` (not UTF-8 or not JSON: `file:line:column: message`),
 *   `SUITE_INVALID` (schema or reference problems, each located by JSON pointer),
 *   `SUITE_EXTENDS` (bad `extends`, a cycle of base files), `BAD_SEED` / `BAD_LIMIT` (invalid overrides).
 */
export async function loadSuite(path: string, overrides: SuiteOverrides = {}): Promise<ResolvedSuite> {
  const absolutePath = resolve(path);
  const { bytes, quotable } = readSuiteBytes(path, absolutePath);
  const hash = createHash('sha256').update(bytes);
  const parsed = parseSuiteJson(decodeSuite(path, bytes), path, { quote: quotable });
  if (!usesExtends(parsed.value)) {
    const suite = validateSuite(parsed.value, { file: path, positions: parsed.positions, problems: parsed.problems });
    return resolveSuite(suite, { path: absolutePath, displayPath: path, sha256: hash.digest('hex') }, overrides);
  }
  // Base files get the same reading and parsing checks as suite files; their bytes enter the hash.
  const readBase = async (baseAbsolute: string, baseDisplay: string): Promise<SuiteText> => {
    const base = readSuiteBytes(baseDisplay, baseAbsolute);
    return { parsed: parseSuiteJson(decodeSuite(baseDisplay, base.bytes), baseDisplay, { quote: base.quotable }), bytes: base.bytes };
  };
  const composed = await composeSuite({ file: path, absolutePath, parsed }, readBase);
  const suite = validateComposedSuite(composed, path, parsed.problems);
  for (const base of composed.bases) hash.update(base.bytes);
  return resolveSuite(suite, { path: absolutePath, displayPath: path, sha256: hash.digest('hex') }, overrides);
}
