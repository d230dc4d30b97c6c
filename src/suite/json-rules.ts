import type { Problem } from '../errors.js';
import type { SourcePosition } from './source-position.js';

/*
 * The rules of the suite JSON dialect, apart from the parser that applies them: the result shape,
 * the resource limits, the refused keys, and the lexical patterns of RFC 8259 tokens.
 */

/** Result of {@link parseSuiteJson}. */
export interface ParsedJson {
  /** The parsed value; objects are plain objects without refused keys. */
  value: unknown;
  /**
   * Position of each value by JSON pointer: for object members the position of their key, for
   * array elements and the root the position of the value.
   */
  positions: ReadonlyMap<string, SourcePosition>;
  /** Non-fatal problems (duplicate or refused keys), located by pointer; parsing went on past them. */
  problems: Problem[];
}

/** Limits that keep a hostile suite from exhausting memory or the stack. */
export const jsonLimits = {
  /** Largest suite file accepted, in bytes (1 MiB; real suites are a few KiB). */
  maxBytes: 1024 * 1024,
  /** Deepest nesting of objects and arrays accepted (suites need 4). */
  maxDepth: 64,
} as const;

/** Keys that mean something to JavaScript objects; accepting them invites prototype pollution. */
export const refusedKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** RFC 8259 number (sticky, matched at the parser's offset). */
export const numberPattern = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
/** What follows a malformed number, for the error message. */
export const numberTailPattern = /[0-9A-Za-z.+-]+/y;
/** A bare word (true, false, null, or a mistake such as NaN or an unquoted key). */
export const wordPattern = /[A-Za-z_$][A-Za-z0-9_$]*/y;
/** Single-character string escapes and what they stand for. */
export const escapes: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
