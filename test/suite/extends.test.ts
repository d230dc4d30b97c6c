/**
 * `extends`: suites share attack sets, thresholds and settings through base files. The merge
 * rules (src/suite/extends.ts), path handling, hashing, and the errors: each names the file (and
 * line) that has the problem, cycles show their chain.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { renderSuiteSchema } from '../../src/suite/schema.js';
import { makeTempDir, validSuite } from './helpers.js';

let dir: string;
let cleanup: () => void;
const write = (path: string, value: unknown) => {
  const target = join(dir, path);
  mkdirSync(join(target, '..'), { recursive: true });
  writeFileSync(target, typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
  return target;
};
const failure = async (path: string): Promise<InputError> => {
  const error = await loadSuite(path).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
};

/** A shared base: model settings, three attacks and two thresholds. */
function sharedBase(): Record<string, unknown> {
  const { model, attacks, thresholds, confidence } = validSuite();
  return { model: { ...model, path: '../models/demo/model.json', preprocess: { mean: [0.5], std: [0.25] } }, attacks, thresholds, confidence, $schema: '../x.json' };
}

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
});
afterEach(() => cleanup());

describe('extends: merge rules', () => {
  it('merges sections field by field, adds and replaces attacks by id and thresholds by key, replaces the rest', async () => {
    write('shared/base.json', sharedBase());
    const path = write('suites/a.suite.json', {
      $schema: '../suite.schema.json',
      extends: '../shared/base.json',
      id: 'a',
      model: { inputRange: [0, 2] },
      data: { path: '../data/demo.npz' },
      attacks: [{ id: 'pgd', type: 'pgd', epsilons: [0.03, 0.05], steps: 3 }, { id: 'fgsm-l2', type: 'fgsm', norm: 'l2', epsilons: [0.5] }],
      thresholds: [{ metric: 'clean-accuracy', min: 0.6 }, { metric: 'score', min: 10 }],
      confidence: 0.9,
    });
    const suite = await loadSuite(path);
    expect(suite.id).toBe('a');
    expect(suite.model).toMatchObject({ path: join(dir, 'models/demo/model.json'), inputRange: [0, 2], preprocess: { mean: [0.5], std: [0.25] } });
    expect(suite.data.path).toBe(join(dir, 'data/demo.npz'));
    expect(suite.attacks.map((attack) => [attack.id, attack.budgets])).toEqual([['fgsm', [0.01, 0.03]], ['pgd', [0.03, 0.05]], ['noise', [0.5, 1]], ['fgsm-l2', [0.5]]]);
    expect(suite.attacks[1]!.params.steps).toBe(3);
    expect(suite.thresholds).toEqual([
      { metric: 'clean-accuracy', min: 0.6 },
      { metric: 'robust-accuracy', attack: 'pgd', epsilon: 0.03, min: 0.3 },
      { metric: 'score', min: 10 },
    ]);
    expect(suite.confidence).toBe(0.9);
  });

  it('applies a list of bases in order, each after its own bases, and the suite last', async () => {
    write('bases/root.json', { seed: 1, checks: { failOn: 'warn' }, description: 'root' });
    write('bases/one.json', { extends: 'root.json', seed: 2, attacks: [{ id: 'noise', type: 'gaussian-noise', epsilons: [1] }] });
    write('bases/two.json', { seed: 3, attacks: [{ id: 'noise', type: 'gaussian-noise', epsilons: [2] }] });
    const { model, data } = validSuite();
    const path = write('x.suite.json', { extends: ['bases/one.json', 'bases/two.json'], id: 'x', model, data });
    const suite = await loadSuite(path);
    expect(suite).toMatchObject({ seed: 3, description: 'root', checks: { failOn: 'warn' } });
    expect(suite.attacks.map((attack) => attack.budgets)).toEqual([[2]]);
  });

  it('hashes the suite with its bases, so a changed base changes the suite hash', async () => {
    const base = write('base.json', sharedBase());
    const path = write('s.suite.json', { extends: 'base.json', id: 's', data: { path: 'd.npz' } });
    const before = (await loadSuite(path)).sha256;
    const expected = createHash('sha256').update(readFileSync(path)).update(readFileSync(base)).digest('hex');
    expect(before).toBe(expected);
    writeFileSync(base, JSON.stringify({ ...sharedBase(), confidence: 0.99 }));
    expect((await loadSuite(path)).sha256).not.toBe(before);
  });
});

describe('extends: errors name the file that has them', () => {
  it('locates a schema problem of a base in the base file, with its line', async () => {
    write('base.json', '{\n  "attacks": [\n    { "id": "fgsm", "type": "fgsm", "epsilons": [-1] }\n  ],\n  "seeed": 4\n}\n');
    const { model, data } = validSuite();
    const path = write('s.suite.json', { extends: 'base.json', id: 's', model, data, confidenc: 0.9 });
    const error = await failure(path);
    expect(error.code).toBe('SUITE_INVALID');
    expect(error.problems.map((problem) => [problem.file, problem.location])).toEqual([
      [path, '/confidenc'],
      [join(dir, 'base.json'), '/attacks/0/epsilons/0'],
      [join(dir, 'base.json'), '/seeed'],
    ]);
    expect(error.message).toMatch(/base\.json: \/attacks\/0\/epsilons\/0: .*≥ 0.*\(line 3, column \d+\)/);
    expect(error.message).toContain("unknown property 'seeed' — did you mean 'seed'?");
  });

  it('reports a syntax error in a base with the base file and where it was named', async () => {
    write('base.json', '{ "attacks": [ }');
    const path = write('s.suite.json', { extends: 'base.json', id: 's' });
    const error = await failure(path);
    expect(error.code).toBe('SUITE_SYNTAX');
    expect(error.message).toMatch(new RegExp(`^${path}: /extends: in base file: ${join(dir, 'base.json')}:1:`));
  });

  it('refuses a cycle and shows it', async () => {
    write('a.json', { extends: 'b.json' });
    write('b.json', { extends: 'a.json' });
    const path = write('s.suite.json', { extends: 'a.json', id: 's' });
    const error = await failure(path);
    expect(error.code).toBe('SUITE_EXTENDS');
    expect(error.message).toContain(`makes a cycle: ${join(dir, 'a.json')} → ${join(dir, 'b.json')} → ${join(dir, 'a.json')}`);
  });

  it('refuses a suite that extends itself', async () => {
    const path = write('s.suite.json', { extends: './s.suite.json', id: 's' });
    expect((await failure(path)).message).toContain('makes a cycle');
  });

  it.each([
    ['a number', 3],
    ['an empty list', []],
    ['an empty path', ''],
    ['a repeated path', ['b.json', 'b.json']],
  ])('refuses extends given as %s', async (_, value) => {
    const path = write('s.suite.json', { extends: value, id: 's' });
    const error = await failure(path);
    expect(error).toMatchObject({ code: 'SUITE_EXTENDS', exitCode: 2 });
    expect(error.problems[0]).toMatchObject({ file: path, location: '/extends' });
  });

  it('says a missing base is relative to the file that names it', async () => {
    const path = write('suites/s.suite.json', { extends: 'shared.json', id: 's' });
    const error = await failure(path);
    expect(error.code).toBe('SUITE_MISSING');
    expect(error.message).toContain(`base file ${join(dir, 'suites/shared.json')} cannot be read`);
    expect(error.message).toContain("paths in 'extends' are relative to the file that writes them");
  });

  it('refuses a base that is not an object', async () => {
    write('base.json', '[1, 2]');
    const path = write('s.suite.json', { extends: 'base.json', id: 's' });
    expect((await failure(path)).message).toContain('a base file must be a JSON object of suite fields');
  });
});

describe('extends in the committed schema (editors)', () => {
  it('lets a file that extends others leave out what it inherits, and requires it otherwise', () => {
    const validate = new AjvModule.default({ allErrors: true }).compile(JSON.parse(renderSuiteSchema()));
    expect(validate({ extends: 'base.json', id: 'a' })).toBe(true);
    expect(validate({ extends: ['a.json', 'b.json'], id: 'a', attacks: [{ id: 'f', type: 'fgsm', epsilons: [0.1] }] })).toBe(true);
    expect(validate({ id: 'a' })).toBe(false);
    expect(validate({ extends: 3, id: 'a' })).toBe(false);
  });

  it('refuses bases that are not .json files, so a hostile suite cannot read and quote other files', async () => {
    const { dir, cleanup } = makeTempDir();
    const suite = join(dir, 'x.suite.json');
    writeFileSync(suite, JSON.stringify({ extends: '/proc/self/environ', id: 'x' }));
    await expect(loadSuite(suite)).rejects.toMatchObject({ code: 'SUITE_EXTENDS', message: expect.stringContaining('must name .json files') });
    cleanup();
  });
});
