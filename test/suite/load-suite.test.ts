import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative as relativePath, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { parseSuiteJson } from '../../src/suite/parse-json.js';
import { resolveSuite } from '../../src/suite/resolve.js';
import { collectSuiteProblems, validateSuite } from '../../src/suite/validate.js';
import { makeTempDir, testRegistry, validSuite, variant } from './helpers.js';

const temp = makeTempDir();
afterAll(temp.cleanup);

function writeSuite(name: string, suite: unknown, prefix = ''): string {
  const path = join(temp.dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${prefix}${JSON.stringify(suite, null, 2)}\n`);
  return path;
}

describe('loadSuite', () => {
  it('resolves a minimal suite with the documented defaults', async () => {
    const path = writeSuite('nested/minimal.suite.json', {
      id: 'minimal',
      model: { path: 'model/model.json' },
      data: { path: '../data/x.npz' },
      attacks: [{ id: 'fgsm', type: 'fgsm', epsilons: [0.1, 0.01] }],
    });
    const suite = await loadSuite(path);
    const dir = join(temp.dir, 'nested');
    expect(suite).toEqual({
      id: 'minimal',
      path,
      displayPath: path,
      dir,
      sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
      seed: 0,
      engine: 'auto',
      model: { path: join(dir, 'model/model.json'), format: 'auto', inputRange: [0, 1], output: 'auto' },
      data: { path: join(temp.dir, 'data/x.npz'), labels: 'file', batchSize: 128 },
      attacks: [{ id: 'fgsm', type: 'fgsm', norm: 'linf', budgetKind: 'epsilon', budgets: [0.01, 0.1], params: { loss: 'ce' } }],
      thresholds: [],
      checks: { failOn: 'fail', autoSquare: false, autoRand: false },
    });
  });

  it('keeps given values, fills attack defaults and keeps only declared parameters', async () => {
    const suite = await loadSuite(writeSuite('full.suite.json', validSuite()));
    expect(suite.seed).toBe(7);
    expect(suite.confidence).toBe(0.95);
    expect(suite.checks.failOn).toBe('warn');
    expect(suite.data.limit).toBe(100);
    expect(suite.attacks.map((attack) => [attack.id, attack.norm, attack.budgets])).toEqual([
      ['fgsm', 'linf', [0.01, 0.03]],
      ['pgd', 'linf', [0.03, 0.1]],
      ['noise', 'l2', [0.5, 1]],
    ]);
    expect(suite.attacks[1]!.params).toEqual({ steps: 10, randomStart: true, restarts: 1, loss: 'ce' });
    expect(suite.attacks[2]!.params).toEqual({ repeats: 1 });
    expect(suite.thresholds).toEqual(validSuite().thresholds);
  });

  it('accepts a UTF-8 byte-order mark and hashes the bytes as they are', async () => {
    const path = writeSuite('bom.suite.json', validSuite(), '\uFEFF');
    const suite = await loadSuite(path);
    expect(suite.id).toBe('demo-suite');
    expect(suite.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
  });

  it('applies --seed and --limit overrides and rejects invalid ones', async () => {
    const path = writeSuite('override.suite.json', validSuite());
    const suite = await loadSuite(path, { seed: 99, limit: 5 });
    expect([suite.seed, suite.data.limit]).toEqual([99, 5]);
    await expect(loadSuite(path, { seed: -1 })).rejects.toMatchObject({ code: 'BAD_SEED', exitCode: 2 });
    await expect(loadSuite(path, { limit: 0.5 })).rejects.toMatchObject({ code: 'BAD_LIMIT' });
  });

  it('keeps a relative display path and resolves against the current folder', async () => {
    const path = writeSuite('relative.suite.json', validSuite());
    const relative = relativePath(process.cwd(), path);
    const suite = await loadSuite(relative);
    expect(suite.displayPath).toBe(relative);
    expect(suite.path).toBe(resolve(relative));
  });

  it('allows L∞ ε up to the input range width and any range for L2', async () => {
    const suite = variant((s) => {
      s.model.inputRange = [0, 255];
      s.attacks[0].epsilons = [8, 255];
      s.attacks[1].norm = 'l2';
      s.attacks[1].epsilons = [0.03, 0.1, 500];
    });
    await expect(loadSuite(writeSuite('range.suite.json', suite))).resolves.toMatchObject({ model: { inputRange: [0, 255] } });
  });

  it('reports every problem at once, sorted by position, with line and column', async () => {
    const path = writeSuite('many.suite.json', variant((s) => {
      s.seed = -1;
      s.attacks[1].steps = 1e9;
      s.thresholds[0].min = 2;
    }));
    const error = (await loadSuite(path).catch((caught: unknown) => caught)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.code).toBe('SUITE_INVALID');
    expect(error.problems.map((problem) => problem.location)).toEqual(['/seed', '/attacks/1/steps', '/thresholds/0/min']);
    expect(error.problems[0]!.message).toMatch(/\(line 5, column 3\)$/);
    expect(error.message.split('\n')[0]).toBe(`${path}: invalid suite (3 problems):`);
  });
});

describe('severity-based attacks', () => {
  it('resolve without a norm, with severities and declared defaults', () => {
    const suite = variant((s) => s.attacks.push({ id: 'blur', type: 'blur', severities: [5, 1, 3] }));
    const parsed = parseSuiteJson(JSON.stringify(suite));
    const value = validateSuite(parsed.value, { registry: testRegistry });
    const resolved = resolveSuite(value, { path: '/suites/a.suite.json', displayPath: 'a.suite.json', sha256: 'x' }, {}, testRegistry);
    expect(resolved.attacks[3]).toEqual({ id: 'blur', type: 'blur', budgetKind: 'severity', budgets: [1, 3, 5], params: { sigma: 1.5 } });
    expect(resolved.model.path).toBe('/suites/models/demo/model.json');
  });

  it('accept robust-accuracy thresholds on a severity', () => {
    const suite = variant((s) => {
      s.attacks.push({ id: 'blur', type: 'blur', severities: [1, 3] });
      s.thresholds.push({ metric: 'robust-accuracy', attack: 'blur', epsilon: 3, min: 0.5 });
    });
    expect(collectSuiteProblems(suite, { registry: testRegistry })).toEqual([]);
  });
});

describe('reference checks', () => {
  it('do not call an attack id unknown when only its type is unknown', () => {
    const suite = variant((s) => { s.attacks[1].type = 'pdg'; });
    const problems = collectSuiteProblems(suite);
    expect(problems.map((problem) => problem.location)).toEqual(['/attacks/1/type']);
  });
});
