import { InputError } from '../errors.js';
import type { InputErrorCode } from '../error-codes.js';

/**
 * Deepest nesting of objects and arrays accepted in a report or event (a real report.json nests
 * about 8 levels; an event wraps it in 2 more). Deeper input is refused before it is parsed: it
 * would overflow the stack of the schema validator and the report renderers.
 */
export const maxJsonDepth = 64;

/** Nesting depth of JSON text, counting brackets outside strings; stops counting past `limit`. */
export function jsonNestingDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

/**
 * Where a JSON.parse message says the error is (`position 12 (line 1 column 13)`), without the
 * excerpt of the input V8 quotes: the file may not be a report at all, and its content (a token,
 * a key) must never be echoed.
 */
function syntaxLocation(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const at = /position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec(message);
  if (at?.[2]) return `syntax error at line ${at[2]}, column ${at[3]}`;
  if (at) return `syntax error at character ${Number(at[1]) + 1}`;
  if (/end of (JSON|data) input/i.test(message)) return 'unexpected end of the text';
  return 'syntax error';
}

/**
 * Parses JSON from a report file or an event-log line with a cap on nesting depth, and errors
 * that never quote the input.
 *
 * @param source - file (and line) named in messages
 * @param code - error code, e.g. `REPORT_JSON`
 * @throws InputError `code` (exit 2) for invalid JSON or nesting deeper than {@link maxJsonDepth}
 */
export function parseBoundedJson(text: string, source: string, code: InputErrorCode): unknown {
  const depth = jsonNestingDepth(text, maxJsonDepth);
  if (depth > maxJsonDepth) {
    throw new InputError(code, `${source} is not valid JSON for robustcheck: nested more than ${maxJsonDepth} levels deep (robustcheck reports nest about 10); it was not written by robustcheck.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(code, `${source} is not valid JSON (${syntaxLocation(error)}).`);
  }
}
