import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { attackRegistry } from '../../attacks/registry.js';
import { runCli as runCliInProcess } from '../../src/cli/run-cli.js';
import type { SuiteReport } from '../../src/report/report-types.js';
import { createFixtureProject, fixtureSuite, runCli } from '../helpers/cli-fixture.js';

/**
 * Issue "Done when" 1 through the CLI: `robustcheck list` shows every gradient attack with its
 * parameters, defaults and reference; the schema accepts each attack and rejects wrong parameters
 * with exit 2 naming the field; a run reports the minimal perturbations, identically with worker
 * threads (memoised rows and warnings cross the thread boundary).
 */
const gradientAttacks = ['fgsm', 'bim', 'mim', 'pgd', 'apgd', 'cw-l2', 'deepfool'];
let project: Awaited<ReturnType<typeof createFixtureProject>>;
let output: string;

beforeAll(async () => {
  project = await createFixtureProject();
});
afterEach(() => vi.restoreAllMocks());

async function cli(args: string[]): Promise<number> {
  output = '';
  const capture = (chunk: string | Uint8Array) => { output += String(chunk); return true; };
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const cwd = process.cwd();
  process.chdir(project.dir);
  try {
    return await runCliInProcess(['node', 'robustcheck', ...args]);
  } finally {
    process.chdir(cwd);
  }
}

describe('robustcheck list', () => {
  it('shows every gradient attack with its norms, reference and every parameter with its default', async () => {
    expect(await cli(['list'])).toBe(0);
    for (const type of gradientAttacks) {
      const definition = attackRegistry[type]!;
      const section = output.slice(output.indexOf(`  ${type} (gradient;`));
      expect(section).toMatch(new RegExp(`^  ${type} \\(gradient; budget: epsilons; norms: ${definition.norms.join(', ')}`));
      expect(section).toContain(`reference: ${definition.reference}`);
      for (const [name, spec] of Object.entries(definition.params)) {
        expect(section).toMatch(new RegExp(`\\n      ${name}: ${spec.type}[^\\n]*${spec.default === undefined ? '' : `\\(default ${JSON.stringify(spec.default)}\\)`}`));
      }
    }
  });
});

describe('suite schema for the gradient attacks', () => {
  const suite = (attack: object) => fixtureSuite({ attacks: [{ id: 'a', ...attack }], thresholds: [] });
  const valid: object[] = [
    { type: 'bim', epsilons: [0.03], steps: 20, relativeStepSize: 0.1, loss: 'margin', target: 'next' },
    { type: 'mim', norm: 'l2', epsilons: [0.5], decay: 0.9, steps: 5 },
    { type: 'apgd', epsilons: [0.03], steps: 50, restarts: 2, loss: 'dlr', rho: 0.75, target: 'least-likely' },
    { type: 'cw-l2', epsilons: [0.5, 1], binarySearchSteps: 9, steps: 1000, confidence: 2, initialConst: 0.001, target: 2 },
    { type: 'deepfool', norm: 'linf', epsilons: [0.01], candidates: 5, overshoot: 0.05 },
    { type: 'fgsm', epsilons: [0.01], loss: 'dlr' },
  ];
  it.each(valid)('accepts %o', async (attack) => {
    project.writeSuite('valid.suite.json', suite(attack));
    expect(await cli(['validate', 'valid.suite.json'])).toBe(0);
    expect(output).not.toMatch(/\/attacks\/0/);
  });

  const invalid: [object, RegExp][] = [
    [{ type: 'bim', epsilons: [0.03], steps: 1.5 }, /\/attacks\/0\/steps: .*integer/],
    [{ type: 'mim', epsilons: [0.03], decay: -1 }, /\/attacks\/0\/decay: .*≥ 0/],
    [{ type: 'apgd', epsilons: [0.03], rho: 2 }, /\/attacks\/0\/rho: .*≤ 1/],
    [{ type: 'apgd', norm: 'l1', epsilons: [0.03] }, /\/attacks\/0\/norm/],
    [{ type: 'apgd', epsilons: [0.03], loss: 'hinge' }, /\/attacks\/0\/loss/],
    [{ type: 'cw-l2', norm: 'linf', epsilons: [0.03] }, /\/attacks\/0\/norm/],
    [{ type: 'cw-l2', epsilons: [0.5], binarySearchSteps: 0 }, /\/attacks\/0\/binarySearchSteps: .*≥ 1/],
    [{ type: 'cw-l2', epsilons: [0.5], stepSize: 0 }, /\/attacks\/0\/stepSize/],
    [{ type: 'deepfool', epsilons: [0.5], candidates: 1 }, /\/attacks\/0\/candidates: .*≥ 2/],
    [{ type: 'deepfool', epsilons: [0.5], restarts: 2 }, /\/attacks\/0\/restarts/],
    [{ type: 'deepfool', epsilons: [0.5], target: 'most-likely' }, /\/attacks\/0\/target/],
  ];
  it.each(invalid)('rejects %o with exit 2 naming the field', async (attack, message) => {
    project.writeSuite('invalid.suite.json', suite(attack));
    expect(await cli(['validate', 'invalid.suite.json'])).toBe(2);
    expect(output).toMatch(message);
  });
});

describe('robustcheck run with the new attacks', () => {
  it('reports minimal perturbations, and worker threads give the same report', async () => {
    const attacks = [
      { id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.02, 0.05, 0.1] },
      { id: 'apgd', type: 'apgd', norm: 'linf', epsilons: [0.02, 0.05], steps: 10, loss: 'dlr' },
      { id: 'mim', type: 'mim', norm: 'l2', epsilons: [0.1, 0.3], target: 'next' },
      { id: 'deepfool', type: 'deepfool', norm: 'l2', epsilons: [0.1, 0.3, 1] },
      { id: 'cw', type: 'cw-l2', epsilons: [0.1, 0.3, 1], binarySearchSteps: 3, steps: 20, stepSize: 0.05 },
    ];
    project.writeSuite('attacks.suite.json', fixtureSuite({ attacks, thresholds: [] }));
    const reports = [1, 2].map((workers) => {
      const result = runCli(['run', 'attacks.suite.json', '--out', `out-${workers}`, '--workers', String(workers)], project.dir);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(/warn:/);
      return JSON.parse(readFileSync(join(project.dir, `out-${workers}`, 'tiny', 'report.json'), 'utf8')) as SuiteReport;
    });
    const [single, threaded] = reports as [SuiteReport, SuiteReport];
    for (const attack of single.attacks) {
      const minimal = attack.minimalPerturbation!;
      expect(minimal.source).toBe(['deepfool', 'cw-l2'].includes(attack.type) ? 'minimization' : 'epsilon-sweep');
      expect(minimal.perSample).toHaveLength(single.samples);
      expect(minimal.broken).toBeGreaterThan(0);
      const last = attack.results.at(-1)!;
      // Never-broken samples have no finite minimal perturbation: counts agree with the last ε's robust count (untargeted).
      if (attack.params.target === undefined) expect(minimal.samples - minimal.broken).toBeLessThanOrEqual(last.robustCount);
    }
    expect(threaded.attacks.map((attack) => [attack.results.map((r) => r.robustCount), attack.minimalPerturbation])).toEqual(
      single.attacks.map((attack) => [attack.results.map((r) => r.robustCount), attack.minimalPerturbation]));
    expect(threaded.outcomes.attacks).toEqual(single.outcomes.attacks);
  });
});
