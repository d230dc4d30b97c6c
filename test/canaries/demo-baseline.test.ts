/**
 * The bundled demo model on a real run: every sanity check passes, and `report compare` (and
 * `run --baseline`) tell a second run of the same model ("unchanged", exit 0) from a copy with
 * noise added to its weights ("significant regression", exit 1). Three runs of the demo suite on
 * its first 200 images; the baseline run is reused by every comparison.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BaselineComparison } from '../../src/report/comparison-types.js';
import type { SuiteReport } from '../../src/report/report-types.js';
import { writeWeakenedModel } from '../fixtures/canaries/weaken-model.js';
import { runCli, type CliResult, withoutRunStatus } from '../helpers/cli-fixture.js';
import { expectOneVerdict, verdictReporters } from './verdict-agreement.js';

const root = resolve(import.meta.dirname, '../..');
const demoSuite = 'suites/fashion-mnist.suite.json';
const limit = ['--limit', '200'];
let dir: string;
let base: { result: CliResult; report: SuiteReport };

function run(suite: string, out: string, extra: string[] = []): { result: CliResult; report: SuiteReport } {
  const result = runCli(['run', suite, '--out', join(dir, out), ...limit, ...verdictReporters, ...extra], root);
  expect(withoutRunStatus(result.stderr)).toBe('');
  return { result, report: expectOneVerdict(result, join(dir, out), 'fashion-cnn') };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'robustcheck-demo-baseline-'));
  // The weakened copy: uniform noise of ± one standard deviation on every weight tensor, same data
  // (absolute path, so the data hash matches), same attacks, plus a regression gate.
  writeWeakenedModel(join(root, 'suites/models/fashion-cnn'), join(dir, 'weak-model'), 1);
  const suite = JSON.parse(readFileSync(join(root, demoSuite), 'utf8'));
  delete suite.$schema;
  suite.model.path = join(dir, 'weak-model', 'model.json');
  suite.data.path = join(root, 'suites', suite.data.path);
  suite.thresholds.push({ metric: 'regression', max: 0.02 });
  writeFileSync(join(dir, 'weak.suite.json'), JSON.stringify(suite));
  base = run(demoSuite, 'base');
}, 180_000);

describe('demo model', () => {
  it('passes every sanity check on a real run (and its thresholds): exit 0', () => {
    expect(base.result.code).toBe(0);
    expect(base.report.sanityChecks.map((check) => `${check.id}:${check.status}`)).toEqual([
      'probability-outputs:pass', 'deterministic-outputs:pass', 'input-gradients:pass', 'monotone-in-epsilon:pass',
      'iterative-vs-single-step:pass', 'noise-vs-gradient:pass', 'large-epsilon:pass',
    ]);
    expect(base.report.sanityChecks.every((check) => check.applicable !== false)).toBe(true);
    expect(base.report.sanityProbe).toMatchObject({ samples: 128 });
    expect(base.result.stdout).toMatch(/sanity checks: 7 pass \(failOn: fail[;)]/);
    // Per-class metrics, confusion, ROC-AUC and confidence drop are in the report.
    expect(base.report.clean.perClass).toHaveLength(10);
    expect(base.report.clean.perClass![1]!.name).toBe('Trouser');
    expect(base.report.clean.rocAuc).toBeGreaterThan(0.95);
    const pgd = base.report.attacks.find((attack) => attack.id === 'pgd')!.results.at(-1)!;
    expect(pgd.confusion!.flat().reduce((sum, count) => sum + count, 0)).toBe(200);
    expect(pgd.perClass!.reduce((sum, entry) => sum + entry.correct, 0)).toBe(pgd.robustCount);
    expect(pgd.confidenceDrop).toBeGreaterThan(0.2);
  });
});

describe('report compare on the demo model', () => {
  it('a second run of the same model: "unchanged" everywhere, exit 0 (run --baseline and report compare agree)', () => {
    const same = run(demoSuite, 'same', ['--baseline', join(dir, 'base')]);
    expect(same.result.code).toBe(0);
    expect(same.report.baseline).toMatchObject({ comparable: true, verdict: 'unchanged' });
    expect(same.report.baseline!.rows.every((row) => row.newlyBroken === 0 && row.newlyRobust === 0 && row.pValue === 1)).toBe(true);
    expect(same.result.stdout).toMatch(/vs baseline: unchanged/);
    const compare = runCli(['report', 'compare', join(dir, 'base'), join(dir, 'same')], root);
    expect(compare.stderr).toBe('');
    expect(compare.code).toBe(0);
    expect(compare.stdout).toMatch(/^UNCHANGED: 1 suite\(s\) compared · exit 0$/m);
  });

  it('the weakened copy: a significant regression, exit 1 from report compare and from its regression gate', () => {
    const weak = run(join(dir, 'weak.suite.json'), 'weak', ['--baseline', join(dir, 'base')]);
    expect(weak.result.code).toBe(1);
    expect(weak.report.baseline).toMatchObject({ comparable: true, verdict: 'significant-regression' });
    expect(weak.report.thresholds.find((threshold) => threshold.metric === 'regression')).toMatchObject({ status: 'fail' });
    const compare = runCli(['report', 'compare', join(dir, 'base'), join(dir, 'weak', 'fashion-cnn', 'report.json'), '--json'], root);
    expect(compare.code).toBe(1);
    const output = JSON.parse(compare.stdout) as { exitCode: number; suites: { comparison: BaselineComparison }[] };
    const { comparison } = output.suites[0]!;
    expect(output.exitCode).toBe(1);
    const cleanRow = comparison.rows.find((row) => row.kind === 'clean')!;
    expect(cleanRow.verdict).toBe('significant-regression');
    expect(cleanRow.pValue).toBeLessThan(0.001);
    expect(cleanRow.newlyBroken).toBeGreaterThan(cleanRow.newlyRobust);
    expect(comparison.rows.filter((row) => row.verdict === 'significant-regression').length).toBeGreaterThan(comparison.rows.length / 2);
    const text = runCli(['report', 'compare', join(dir, 'base'), join(dir, 'weak')], root);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/clean\s+9\d\.\d%\s+\d+\.\d%\s+-\d+\.\d\s+\d+\s+\d+\s+\S+\s+SIGNIFICANT REGRESSION/);
    expect(text.stdout).toMatch(/^SIGNIFICANT REGRESSION: 1 suite\(s\) compared · exit 1$/m);
  });
});
