import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { jsonLimits, parseSuiteJson } from '../../src/suite/parse-json.js';

function syntaxError(text: string): InputError {
  try {
    parseSuiteJson(text, 'a.suite.json');
  } catch (error) {
    return error as InputError;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
}

describe('parseSuiteJson', () => {
  it('parses what JSON.parse parses, escapes included', () => {
    const text = '{"a": [1, -2.5e-3, true, false, null], "b": {"c": "\\u00e9\\n\\"x\\"\\/\\\\"}, "d": 0}';
    expect(parseSuiteJson(text).value).toEqual(JSON.parse(text));
  });

  it('accepts and skips a UTF-8 byte-order mark', () => {
    const parsed = parseSuiteJson('\uFEFF{"id": "x"}');
    expect(parsed.value).toEqual({ id: 'x' });
    expect(parsed.positions.get('/id')).toEqual({ line: 1, column: 2 });
  });

  it('records the position of every member key and array element', () => {
    const parsed = parseSuiteJson('{\n  "attacks": [\n    {"epsilons": [0.1,\n      0.2]}\n  ]\n}');
    expect(parsed.positions.get('')).toEqual({ line: 1, column: 1 });
    expect(parsed.positions.get('/attacks')).toEqual({ line: 2, column: 3 });
    expect(parsed.positions.get('/attacks/0')).toEqual({ line: 3, column: 5 });
    expect(parsed.positions.get('/attacks/0/epsilons/1')).toEqual({ line: 4, column: 7 });
  });

  it('escapes pointer tokens', () => {
    const parsed = parseSuiteJson('{"a/b": {"c~d": 1}}');
    expect(parsed.positions.has('/a~1b/c~0d')).toBe(true);
  });

  it('reports syntax errors as file:line:column with code SUITE_SYNTAX', () => {
    const error = syntaxError('{\n  "id": "x",\n  "seed": 01\n}');
    expect(error.code).toBe('SUITE_SYNTAX');
    expect(error.message).toMatch(/^a\.suite\.json:3:11: invalid number '01'/);
    expect(error.problems).toEqual([{ file: 'a.suite.json', location: '3:11', message: expect.stringContaining('invalid number') }]);
  });

  it.each([
    ['{"a": tru}', "did you mean true?"],
    ['{"a": undefined}', 'use true, false or null'],
    ['{"a": "tab\there"}', 'control character'],
    ['{"a": "\\x"}', "invalid escape '\\x'"],
    ['{"a": "\\u12"}', 'invalid \\u escape'],
    ['{"a": "open', 'unterminated string'],
    ['{"a": .5}', "invalid number '.5'"],
    ['{"a": -Infinity}', '-Infinity is not valid JSON'],
    ['{"a": 1}}', 'unexpected content after the end'],
    ['{"a" 1}', "expected ':'"],
    ['[1 2]', "expected ',' or ']'"],
  ])('explains %s', (text, fragment) => {
    expect(syntaxError(text).message).toContain(fragment);
  });

  it('reports duplicate keys by pointer and keeps the first value', () => {
    const parsed = parseSuiteJson('{"model": {"path": "a", "path": "b"}}');
    expect((parsed.value as any).model.path).toBe('a');
    expect(parsed.problems).toEqual([expect.objectContaining({ location: '/model/path', message: expect.stringContaining("duplicate property 'path'") })]);
  });

  it('refuses __proto__, constructor and prototype keys without polluting any prototype', () => {
    const parsed = parseSuiteJson('{"__proto__": {"polluted": true}, "a": {"constructor": {"prototype": {"polluted": true}}}, "prototype": 1}');
    expect(parsed.problems.map((problem) => problem.location)).toEqual(['/__proto__', '/a/constructor', '/a/constructor/prototype', '/prototype']);
    const value = parsed.value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['a']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value.a as object)).toEqual([]);
    expect(({} as any).polluted).toBeUndefined();
    expect((Object.prototype as any).polluted).toBeUndefined();
  });

  it('limits nesting depth', () => {
    expect(() => parseSuiteJson('['.repeat(jsonLimits.maxDepth) + ']'.repeat(jsonLimits.maxDepth))).not.toThrow();
    expect(syntaxError('['.repeat(jsonLimits.maxDepth + 1)).message).toContain(`nesting deeper than ${jsonLimits.maxDepth} levels`);
  });

  it('limits text size', () => {
    expect(() => parseSuiteJson(`"${'x'.repeat(jsonLimits.maxBytes)}"`)).toThrow(expect.objectContaining({ code: 'SUITE_TOO_LARGE' }));
  });
});
