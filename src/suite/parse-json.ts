/**
 * Strict JSON parser for suite files. `JSON.parse` reports neither where a syntax error is nor
 * duplicate keys, and it creates `__proto__` members; suites come from users and CI, so this small
 * RFC 8259 parser reports `file:line:column` for syntax errors, records the position of every
 * member (for path-precise validation messages), and refuses keys that could pollute prototypes.
 */
import { InputError, type Problem } from '../errors.js';
import { childPointer } from './json-pointer.js';
import { describePosition, LineIndex, type SourcePosition } from './source-position.js';
import { closestName } from './suggest.js';
import { ExcerptPolicy } from './quoted-excerpt.js';
import { escapes, jsonLimits, numberPattern, numberTailPattern, refusedKeys, wordPattern, type ParsedJson } from './json-rules.js';

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

interface OpenContainer {
  kind: 'object' | 'array';
  offset: number;
}

class Parser {
  private offset = 0;
  private readonly lines: LineIndex;
  private readonly positions = new Map<string, SourcePosition>();
  private readonly problems: Problem[] = [];
  private readonly open: OpenContainer[] = [];
  private readonly quoting: ExcerptPolicy;

  constructor(
    private readonly text: string,
    private readonly file: string | undefined,
    quote: boolean,
  ) {
    this.lines = new LineIndex(text);
    this.quoting = new ExcerptPolicy(quote);
  }

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

  /** Explains the common ways a property name goes wrong before parsing it. */
  private expectKey(): void {
    const char = this.text[this.offset];
    if (char === '"') return;
    if (char === '}') this.fail(this.offset, "trailing comma before '}' — remove the last ',' (JSON does not allow it)");
    if (char === "'") this.fail(this.offset, 'property names must use double quotes ("), not single quotes');
    if (char !== undefined && /[A-Za-z_$]/.test(char)) {
      wordPattern.lastIndex = this.offset;
      const word = this.quoting.excerpt(wordPattern.exec(this.text)?.[0] ?? char);
      this.fail(this.offset, word === undefined ? 'property names must be in double quotes' : `property names must be in double quotes: write "${word}"`);
    }
    if (char === '/') this.fail(this.offset, 'comments are not allowed in JSON — remove them');
    this.fail(this.offset, 'expected a property name in double quotes');
  }

  private parseString(): string {
    const start = this.offset;
    this.offset++;
    let result = '';
    let runStart = this.offset;
    for (;;) {
      if (this.offset >= this.text.length) {
        this.throwAt(start, `unterminated string starting at ${describePosition(this.position(start))} — add the closing '"'`);
      }
      const code = this.text.charCodeAt(this.offset);
      if (code === 0x22) {
        result += this.text.slice(runStart, this.offset);
        this.offset++;
        return result;
      }
      if (code < 0x20) {
        this.fail(this.offset, code === 10 ? "line break inside a string — close the string with '\"' or write \\n" : 'control character inside a string — escape it (e.g. \\t, \\u0001)');
      }
      if (code === 0x5c) {
        result += this.text.slice(runStart, this.offset);
        result += this.parseEscape();
        runStart = this.offset;
      } else {
        this.offset++;
      }
    }
  }

  private parseEscape(): string {
    const escapeOffset = this.offset;
    const letter = this.text[this.offset + 1];
    if (letter === 'u') {
      const hex = this.text.slice(this.offset + 2, this.offset + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(escapeOffset, 'invalid \\u escape — write \\u followed by four hexadecimal digits');
      this.offset += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const replacement = letter === undefined ? undefined : escapes[letter];
    if (replacement === undefined) {
      this.fail(escapeOffset, `invalid escape '\\${letter ?? ''}' in string — valid escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX (write a backslash as \\\\)`);
    }
    this.offset += 2;
    return replacement;
  }

  private parseNumber(): number {
    const start = this.offset;
    numberPattern.lastIndex = start;
    const match = numberPattern.exec(this.text);
    const end = match ? start + match[0].length : start;
    numberTailPattern.lastIndex = end;
    const tail = numberTailPattern.exec(this.text);
    if (!match || match[0] === '-' || tail) {
      numberTailPattern.lastIndex = start;
      const token = numberTailPattern.exec(this.text)?.[0] ?? this.text[start];
      if (token === '-Infinity') this.fail(start, '-Infinity is not valid JSON — use a finite number');
      this.fail(start, `invalid number${this.quoting.named(token, "'")} — JSON numbers look like 0.03, 1e-3 or 40 (no leading zeros, '+' or trailing '.')`);
    }
    const value = Number(match[0]);
    if (!Number.isFinite(value)) this.fail(start, `number${this.quoting.named(match[0], '')} is too large to represent — use a finite number`);
    this.offset = end;
    return value;
  }

  private parseWord(): unknown {
    const start = this.offset;
    const char = this.text[start];
    if (char === undefined) this.failAtEnd();
    if (char === "'") this.fail(start, 'strings must use double quotes ("), not single quotes');
    if (char === '/') this.fail(start, 'comments are not allowed in JSON — remove them');
    if (char === '.' || char === '+') this.parseNumberFromSign(start);
    if (char === '}' || char === ']') this.fail(start, `expected a value before '${char}' — remove the trailing ',' or add a value`);
    wordPattern.lastIndex = start;
    const word = wordPattern.exec(this.text)?.[0];
    if (word === undefined) {
      const shown = this.quoting.excerpt(char);
      this.fail(start, shown === undefined ? 'unexpected character' : `unexpected character '${shown}'`);
    }
    this.offset += word.length;
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (word === 'NaN' || word === 'Infinity') this.fail(start, `${word} is not valid JSON — use a finite number`);
    if (word === 'True' || word === 'False' || word === 'None' || word === 'undefined') {
      this.fail(start, `'${word}' is not valid JSON — use true, false or null`);
    }
    const literal = closestName(word, ['true', 'false', 'null']);
    const shown = this.quoting.excerpt(word);
    if (literal !== undefined) this.fail(start, `unexpected word${shown === undefined ? '' : ` '${shown}'`} — did you mean ${literal}?`);
    return this.fail(start, shown === undefined ? 'unexpected word — strings must be in double quotes' : `unexpected word '${shown}' — strings must be in double quotes: "${shown}"`);
  }

  private parseNumberFromSign(start: number): never {
    numberTailPattern.lastIndex = start;
    const token = numberTailPattern.exec(this.text)?.[0] ?? '';
    return this.fail(start, `invalid number${this.quoting.named(token, "'")} — JSON numbers have a digit before '.' and no '+' sign (e.g. 0.5)`);
  }

  private enter(kind: OpenContainer['kind'], depth: number): void {
    if (depth > jsonLimits.maxDepth) this.fail(this.offset, `nesting deeper than ${jsonLimits.maxDepth} levels — suites need only a few levels; this is not a suite file`);
    this.open.push({ kind, offset: this.offset });
  }

  private leave<T>(value: T): T {
    this.offset++;
    this.open.pop();
    return value;
  }

  private skipWhitespace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.offset);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) this.offset++;
      else return;
    }
  }

  private failAtEnd(): never {
    const innermost = this.open.at(-1);
    if (innermost === undefined) return this.throwAt(this.offset, 'unexpected end of file — expected a value');
    const closer = innermost.kind === 'object' ? '}' : ']';
    return this.throwAt(
      this.offset,
      `unexpected end of file — missing '${closer}' for the ${innermost.kind} opened at ${describePosition(this.position(innermost.offset))}`,
    );
  }

  /** Throws a syntax error; at the end of the text, says which bracket is missing instead. */
  private fail(offset: number, message: string): never {
    if (offset >= this.text.length) this.failAtEnd();
    return this.throwAt(offset, message);
  }

  private throwAt(offset: number, message: string): never {
    const { line, column } = this.position(offset);
    const file = this.file ?? 'suite';
    throw new InputError('SUITE_SYNTAX', `${file}:${line}:${column}: ${message}`, [{ file: this.file, location: `${line}:${column}`, message }]);
  }

  private position(offset: number): SourcePosition {
    return this.lines.position(offset);
  }
}
