/**
 * Strict JSON parser for suite files. `JSON.parse` reports neither where a syntax error is nor
 * duplicate keys, and it creates `__proto__` members; suites come from users and CI, so this small
 * RFC 8259 parser reports `file:line:column` for syntax errors, records the position of every
 * member (for path-precise validation messages), and refuses keys that could pollute prototypes.
 */
import { InputError, type Problem } from '../errors.js';
import { childPointer } from './json-pointer.js';
import { describePosition, type SourcePosition } from './source-position.js';
import { jsonLimits, refusedKeys, type ParsedJson } from './json-rules.js';
import { JsonScanner } from './json-scanner.js';

export { describePosition, type SourcePosition } from './source-position.js';
export { jsonLimits, refusedKeys, type ParsedJson };

/**
 * Parses suite text. A leading UTF-8 byte-order mark is accepted and skipped.
 *
 * @param text - decoded file contents
 * @param file - path for messages, as the user gave it
 * @param options - `quote: false` keeps every excerpt of the text out of messages (for files
 *   reached through a symlink or outside the project: they may be a token or a key, not a suite)
 * @throws InputError `SUITE_TOO_LARGE` past {@link jsonLimits.maxBytes}; `SUITE_SYNTAX` for
 *   malformed JSON, with message `file:line:column: what is wrong — how to fix it`.
 */
export function parseSuiteJson(text: string, file?: string, options: { quote?: boolean } = {}): ParsedJson {
  if (text.length > jsonLimits.maxBytes) {
    const reason = `suite text is longer than ${jsonLimits.maxBytes} characters — suites only describe models, data and attacks; keep data in separate files`;
    throw new InputError('SUITE_TOO_LARGE', `${file ?? 'suite'}: ${reason}`, [{ file, message: reason }]);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return new Parser(body, file, options.quote ?? true).parseDocument();
}

/** Builds the value, recording the position of every member and the problems that do not stop parsing (duplicate or refused keys). */
class Parser extends JsonScanner {
  private readonly positions = new Map<string, SourcePosition>();
  private readonly problems: Problem[] = [];

  parseDocument(): ParsedJson {
    this.skipWhitespace();
    if (this.offset >= this.text.length) this.throwAt(this.offset, 'file is empty — a suite is a JSON object: { "id": …, "model": …, "data": …, "attacks": [ … ] }');
    this.positions.set('', this.position(this.offset));
    const value = this.parseValue('', 0, true);
    this.skipWhitespace();
    if (this.offset < this.text.length) {
      this.fail(this.offset, 'unexpected content after the end of the JSON value — a suite file holds exactly one object; remove what follows it');
    }
    return { value, positions: this.positions, problems: this.problems };
  }

  private parseValue(pointer: string, depth: number, record: boolean): unknown {
    this.skipWhitespace();
    const char = this.text[this.offset];
    if (char === '{') return this.parseObject(pointer, depth + 1, record);
    if (char === '[') return this.parseArray(pointer, depth + 1, record);
    if (char === '"') return this.parseString();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.parseNumber();
    return this.parseWord();
  }

  private parseObject(pointer: string, depth: number, record: boolean): Record<string, unknown> {
    this.enter('object', depth);
    // A plain object is what downstream code expects; refused keys are never assigned, so the
    // `__proto__` setter is never reached.
    const result: Record<string, unknown> = {};
    const keyOffsets = new Map<string, number>();
    this.offset++;
    this.skipWhitespace();
    if (this.text[this.offset] === '}') return this.leave(result);
    for (;;) {
      this.skipWhitespace();
      const keyOffset = this.offset;
      this.expectKey();
      const key = this.parseString();
      this.skipWhitespace();
      if (this.text[this.offset] !== ':') this.fail(this.offset, `expected ':' after property name${this.quoting.named(key)}`);
      this.offset++;
      const child = childPointer(pointer, key);
      const firstOffset = keyOffsets.get(key);
      if (refusedKeys.has(key)) {
        this.problems.push({
          file: this.file,
          location: child,
          message: `property name '${key}' is not allowed (a reserved JavaScript name, refused to prevent prototype pollution) — remove it (${describePosition(this.position(keyOffset))})`,
        });
        this.parseValue(child, depth, false);
      } else if (firstOffset !== undefined) {
        this.problems.push({
          file: this.file,
          location: child,
          message: `duplicate property '${key}' at ${describePosition(this.position(keyOffset))}; it is already set at ${describePosition(this.position(firstOffset))} — keep only one`,
        });
        this.parseValue(child, depth, false);
      } else {
        keyOffsets.set(key, keyOffset);
        if (record) this.positions.set(child, this.position(keyOffset));
        result[key] = this.parseValue(child, depth, record);
      }
      this.skipWhitespace();
      const next = this.text[this.offset];
      if (next === ',') {
        this.offset++;
        continue;
      }
      if (next === '}') return this.leave(result);
      if (next === '"') this.fail(this.offset, `missing ',' after property${this.quoting.named(key)}`);
      this.fail(this.offset, `expected ',' or '}' after property${this.quoting.named(key)}`);
    }
  }

  private parseArray(pointer: string, depth: number, record: boolean): unknown[] {
    this.enter('array', depth);
    const result: unknown[] = [];
    this.offset++;
    this.skipWhitespace();
    if (this.text[this.offset] === ']') return this.leave(result);
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.offset] === ']') this.fail(this.offset, "trailing comma before ']' — remove the last ',' (JSON does not allow it)");
      const child = childPointer(pointer, result.length);
      if (record) this.positions.set(child, this.position(this.offset));
      result.push(this.parseValue(child, depth, record));
      this.skipWhitespace();
      const next = this.text[this.offset];
      if (next === ',') {
        this.offset++;
        continue;
      }
      if (next === ']') return this.leave(result);
      this.fail(this.offset, "expected ',' or ']' in array");
    }
  }
}
