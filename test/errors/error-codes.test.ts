/**
 * The error-code registry is the one list: the compiler checks every code passed to the error
 * classes; this test checks the rest — codes written into reports as object literals are
 * registered, every registered code is used, and docs/error-codes.md is generated from it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes, isErrorCode } from '../../src/error-codes.js';
import { errorFromRecord, InputError, RuntimeFailure } from '../../src/errors.js';
import { renderErrorCodesDoc } from '../../scripts/render-error-codes.js';

const root = resolve(import.meta.dirname, '../..');
const registryFile = 'src/error-codes.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const sources = [...sourceFiles('src'), ...sourceFiles('attacks')]
  .filter((file) => relative('.', file) !== registryFile)
  .map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));

describe('error-code registry (src/error-codes.ts)', () => {
  it('has no unused entries: every code appears quoted in src/ or attacks/', () => {
    const unused = Object.keys(errorCodes).filter((code) => !sources.some(({ text }) => text.includes(`'${code}'`)));
    expect(unused).toEqual([]);
  });

  it('holds every code the sources raise or record (including those the compiler cannot see)', () => {
    // Constructor calls and helpers that take a code, `code: '…'` fields and `…Code = '…'` constants;
    // Node's errno codes (`code: 'ENOENT'` on a simulated fs error) are not ours.
    const patterns = [
      /(?:InputError|RuntimeFailure|inputErrorFromProblems|dataError)\(\s*'([A-Z][A-Z0-9_]+)'/g,
      /parseBoundedJson\([^;]*?'([A-Z][A-Z0-9_]+)'\)/g,
      /(?:\bcode: |Code = )'([A-Z][A-Z0-9_]+)'/g,
    ];
    const used = sources.flatMap(({ file, text }) => patterns.flatMap((pattern) => [...text.matchAll(pattern)]
      .map((match) => ({ file, code: match[1]! }))
      .filter(({ code }) => !/^E[A-Z]+$/.test(code))));
    expect(used.length).toBeGreaterThan(150);
    expect(used.filter(({ code }) => !isErrorCode(code))).toEqual([]);
  });

  it('gives every code an exit status and a one-line meaning', () => {
    for (const [code, entry] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(entry.exits.length, code).toBeGreaterThan(0);
      expect(entry.meaning, code).toMatch(/^\S.*[.)]$/);
      expect(entry.meaning, code).not.toContain('\n');
    }
  });

  it('docs/error-codes.md is committed up to date (run npm run build && npm run schema)', () => {
    const committed = readFileSync(join(root, 'docs/error-codes.md'), 'utf8');
    expect(committed, 'docs/error-codes.md is stale: run npm run build && npm run schema').toBe(renderErrorCodesDoc());
    for (const code of Object.keys(errorCodes)) expect(committed).toContain(`| \`${code}\` |`);
  });
});

describe('errorFromRecord: a code read back from a worker or a report', () => {
  it('rebuilds the class its exit code stands for', () => {
    const input = errorFromRecord({ code: 'DATA_SHAPE', message: 'bad shape' }, 2);
    expect(input).toBeInstanceOf(InputError);
    expect(input).toMatchObject({ code: 'DATA_SHAPE', message: 'bad shape', exitCode: 2 });
    const runtime = errorFromRecord({ code: 'MODEL_KERNEL_CRASH', message: 'crashed' }, 3);
    expect(runtime).toBeInstanceOf(RuntimeFailure);
    expect(runtime).toMatchObject({ code: 'MODEL_KERNEL_CRASH', exitCode: 3 });
  });

  it('turns a code the registry does not know, or not with that exit status, into INTERNAL naming it', () => {
    expect(errorFromRecord({ code: 'NOT_A_CODE', message: 'm' }, 2)).toMatchObject({ code: 'INTERNAL', exitCode: 3, message: expect.stringContaining('NOT_A_CODE') });
    expect(errorFromRecord({ code: 'DATA_SHAPE', message: 'm' }, 3)).toMatchObject({ code: 'INTERNAL', exitCode: 3 });
  });
});
