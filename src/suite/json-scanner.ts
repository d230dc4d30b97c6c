/**
 * The token level of the suite JSON parser: strings, numbers, literals, whitespace, container
 * depth, and syntax errors at `file:line:column` that say how to fix the text. `parse-json.ts`
 * builds values and records member positions on top of it.
 */
import { InputError } from '../errors.js';
import { describePosition, LineIndex, type SourcePosition } from './source-position.js';
import { closestName } from './suggest.js';
import { ExcerptPolicy } from './quoted-excerpt.js';
import { escapes, jsonLimits, numberPattern, numberTailPattern, wordPattern } from './json-rules.js';

/** An object or array whose closing bracket has not been read yet. */
interface OpenContainer {
  kind: 'object' | 'array';
  offset: number;
}

/** Reads JSON tokens from `text` at `offset`; every error is an `InputError` `SUITE_SYNTAX`. */
export class JsonScanner {
  protected offset = 0;
  protected readonly quoting: ExcerptPolicy;
  private readonly lines: LineIndex;
  private readonly open: OpenContainer[] = [];

  constructor(
    protected readonly text: string,
    protected readonly file: string | undefined,
    quote: boolean,
  ) {
    this.lines = new LineIndex(text);
    this.quoting = new ExcerptPolicy(quote);
  }

  /** Explains the common ways a property name goes wrong before parsing it. */
  protected expectKey(): void {
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

  protected parseString(): string {
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

  protected parseNumber(): number {
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

  protected parseWord(): unknown {
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

  protected enter(kind: OpenContainer['kind'], depth: number): void {
    if (depth > jsonLimits.maxDepth) this.fail(this.offset, `nesting deeper than ${jsonLimits.maxDepth} levels — suites need only a few levels; this is not a suite file`);
    this.open.push({ kind, offset: this.offset });
  }

  protected leave<T>(value: T): T {
    this.offset++;
    this.open.pop();
    return value;
  }

  protected skipWhitespace(): void {
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
  protected fail(offset: number, message: string): never {
    if (offset >= this.text.length) this.failAtEnd();
    return this.throwAt(offset, message);
  }

  protected throwAt(offset: number, message: string): never {
    const { line, column } = this.position(offset);
    const file = this.file ?? 'suite';
    throw new InputError('SUITE_SYNTAX', `${file}:${line}:${column}: ${message}`, [{ file: this.file, location: `${line}:${column}`, message }]);
  }

  protected position(offset: number): SourcePosition {
    return this.lines.position(offset);
  }
}
