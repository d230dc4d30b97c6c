import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

/**
 * Issue "Done when" 4: at least 20 invalid suites each give exit 2 and a message naming the field
 * and the fix, through the real CLI entry (`validate` and `run`), with no stack trace.
 */
const base = {
  id: 'cli-invalid',
  model: { path: 'model/model.json' },
  data: { path: 'data.npz' },
  attacks: [{ id: 'pgd', type: 'pgd', epsilons: [0.03] }],
};
const edit = (change: (suite: any) => void) => {
  const suite = structuredClone(base);
  change(suite);
  return JSON.stringify(suite, null, 2);
};

const cases: [string, string, RegExp][] = [
  ['syntax error', '{ "id": "x",\n  "model": }', /:2:12: .*/],
  ['trailing comma', '{ "id": "x", }', /trailing comma/],
  ['duplicate key', '{ "id": "a", "id": "b" }', /\/id: .*duplicate/i],
  ['__proto__ key', edit((s) => { s.model = JSON.parse('{"path":"m","__proto__":{"x":1}}'); }), /__proto__/],
  ['constructor key', '{ "constructor": 1 }', /constructor/],
  ['unknown top-level key', edit((s) => { s.attaks = []; }), /\/attaks: .*did you mean 'attacks'/],
  ['missing model', edit((s) => { delete s.model; }), /model/],
  ['wrong type for seed', edit((s) => { s.seed = 'abc'; }), /\/seed: .*integer/],
  ['negative ε', edit((s) => { s.attacks[0].epsilons = [-0.1]; }), /\/attacks\/0\/epsilons\/0: .*≥ 0/],
  ['NaN ε as a string', edit((s) => { s.attacks[0].epsilons = ['NaN']; }), /\/attacks\/0\/epsilons\/0: .*number/],
  ['huge ε', edit((s) => { s.attacks[0].epsilons = [1e9]; }), /\/attacks\/0\/epsilons\/0/],
  ['ε beyond the input range', edit((s) => { s.attacks[0].epsilons = [2]; }), /\/attacks\/0\/epsilons\/0: .*input range/],
  ['steps 1e9', edit((s) => { s.attacks[0].steps = 1e9; }), /\/attacks\/0\/steps: .*≤ 10000/],
  ['non-integer restarts', edit((s) => { s.attacks[0].restarts = 1.5; }), /\/attacks\/0\/restarts: .*integer/],
  ['empty attack list', edit((s) => { s.attacks = []; }), /\/attacks: .*at least one attack/],
  ['unknown attack type', edit((s) => { s.attacks[0].type = 'pdg'; }), /did you mean 'pgd'/],
  ['unsupported norm', edit((s) => { s.attacks[0].norm = 'l3'; }), /\/attacks\/0\/norm: .*did you mean 'l2'/],
  ['unknown attack parameter', edit((s) => { s.attacks[0].step = 3; }), /\/attacks\/0\/step: .*steps/],
  ['duplicate attack ids', edit((s) => { s.attacks.push({ ...s.attacks[0] }); }), /\/attacks\/1\/id: .*duplicate/i],
  ['threshold naming an unknown attack', edit((s) => { s.thresholds = [{ metric: 'robust-accuracy', attack: 'fgsm', epsilon: 0.03, min: 0.5 }]; }), /\/thresholds\/0\/attack: .*unknown attack id 'fgsm'/],
  ['threshold naming an unknown ε', edit((s) => { s.thresholds = [{ metric: 'robust-accuracy', attack: 'pgd', epsilon: 0.5, min: 0.5 }]; }), /\/thresholds\/0\/epsilon: .*0\.03/],
  ['threshold min > max', edit((s) => { s.thresholds = [{ metric: 'score', min: 60, max: 40 }]; }), /\/thresholds\/0.*min/],
  ['accuracy threshold above 1', edit((s) => { s.thresholds = [{ metric: 'clean-accuracy', min: 85 }]; }), /\/thresholds\/0\/min: .*0\.85/],
  ['unknown metric', edit((s) => { s.thresholds = [{ metric: 'accuracy', min: 0.5 }]; }), /\/thresholds\/0\/metric/],
  ['bad sha256', edit((s) => { s.model.sha256 = 'abc'; }), /\/model\/sha256: .*64/],
  ['bad batch size', edit((s) => { s.data.batchSize = 0; }), /\/data\/batchSize: .*≥ 1/],
  ['bad input range', edit((s) => { s.model.inputRange = [1]; }), /\/model\/inputRange/],
];

let dir: string;
let stderr: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'robustcheck-invalid-'));
  mkdirSync(join(dir, 'model'));
});
afterEach(() => vi.restoreAllMocks());

async function cli(args: string[]): Promise<number> {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { stderr += String(chunk); return true; });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await runCli(['node', 'robustcheck', ...args]);
  } finally {
    process.chdir(cwd);
  }
}

describe('invalid suites through the CLI', () => {
  it(`has at least 20 cases (${cases.length})`, () => expect(cases.length).toBeGreaterThanOrEqual(20));

  it.each(cases)('%s → exit 2 with the field and the fix', async (name, text, message) => {
    const file = `case-${name.replace(/[^a-z0-9]+/gi, '-')}.suite.json`;
    writeFileSync(join(dir, file), text);
    for (const command of ['validate', 'run']) {
      expect(await cli([command, file])).toBe(2);
      expect(stderr).toContain(file);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
    }
  });

  it('a missing suite file names the file', async () => {
    expect(await cli(['validate', 'nope.suite.json'])).toBe(2);
    expect(stderr).toMatch(/nope\.suite\.json/);
  });
});
