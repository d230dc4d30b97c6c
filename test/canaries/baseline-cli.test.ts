/**
 * `--baseline` and `report compare` through the CLI on the small fixture project: refusals name
 * every difference (exit 2), a regression gate needs a baseline, identical runs compare as
 * unchanged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SuiteReport } from '../../src/report/report-types.js';
import { createFixtureProject, fixtureSuite, runCli, withoutRunStatus } from '../helpers/cli-fixture.js';
import { expectOneVerdict, verdictReporters } from './verdict-agreement.js';

let project: Awaited<ReturnType<typeof createFixtureProject>>;

beforeAll(async () => {
  project = await createFixtureProject();
  project.writeSuite('tiny.suite.json', fixtureSuite());
  project.writeSuite('gated.suite.json', fixtureSuite({ thresholds: [{ metric: 'regression', max: 0 }, { metric: 'per-class-robust-accuracy', attack: 'pgd', epsilon: 0.02, min: 0 }] }));
  expect(runCli(['run', 'tiny.suite.json', '--out', 'base', '--reporter', 'json'], project.dir).code).toBe(0);
}, 120_000);

describe('report compare refuses runs that are not paired', () => {
  it('different seed and samples: exit 2 naming both, nothing on stdout', () => {
    expect(runCli(['run', 'tiny.suite.json', '--out', 'other', '--seed', '8', '--limit', '30', '--reporter', 'json'], project.dir).code).toBe(0);
    const result = runCli(['report', 'compare', 'base', 'other'], project.dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Cannot compare base with other sample by sample:\nsuite "tiny":\n {2}- evaluated samples differ: 60 vs 30 \(check --limit, --shard and data.limit\)\n {2}- seed 7 vs 8 \(use the same --seed\)/);
  });

  it('different attack settings: exit 2 naming the attack and its parameters', () => {
    project.writeSuite('steps.suite.json', fixtureSuite({ attacks: [...(fixtureSuite().attacks as object[]).slice(0, 1), { id: 'pgd', type: 'pgd', norm: 'linf', epsilons: [0.02, 0.1], steps: 6 }, ...(fixtureSuite().attacks as object[]).slice(2)] }));
    expect(runCli(['run', 'steps.suite.json', '--out', 'steps', '--reporter', 'json'], project.dir).code).toBe(0);
    const result = runCli(['report', 'compare', 'base/tiny/report.json', 'steps'], project.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/attack pgd: parameters \{.*"steps":5.*\} vs \{.*"steps":6.*\}/);
  });

  it('missing or invalid reports: exit 2', () => {
    const missing = runCli(['report', 'compare', 'base', 'nowhere'], project.dir);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/nowhere does not exist/)]);
    const notReport = runCli(['report', 'compare', 'base', 'tiny.suite.json'], project.dir);
    expect([notReport.code, notReport.stderr]).toEqual([2, expect.stringMatching(/not a valid robustcheck report/)]);
    const badAlpha = runCli(['report', 'compare', 'base', 'base', '--alpha', '2'], project.dir);
    expect([badAlpha.code, badAlpha.stderr]).toEqual([2, expect.stringMatching(/significance level between 0 and 1/)]);
  });
});

describe('run --baseline and the regression gate', () => {
  it('a regression threshold without --baseline is refused before anything runs (exit 2)', () => {
    const result = runCli(['run', 'gated.suite.json', '--out', 'gated-none'], project.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/BASELINE_REQUIRED|gate on "regression".*--baseline/);
    expect(existsSync(join(project.dir, 'gated-none'))).toBe(false);
  });

  it('with the same model as baseline: every row unchanged, the zero-tolerance gate passes, exit 0 everywhere', () => {
    const result = runCli(['run', 'gated.suite.json', '--out', 'gated', '--baseline', 'base', ...verdictReporters], project.dir);
    expect(withoutRunStatus(result.stderr)).toBe('');
    const report = expectOneVerdict(result, join(project.dir, 'gated'), 'tiny');
    expect(report.verdict).toBe('pass');
    expect(report.baseline).toMatchObject({ comparable: true, verdict: 'unchanged', source: 'base' });
    expect(report.thresholds.map((threshold) => [threshold.metric, threshold.status, threshold.actual])).toEqual([['regression', 'pass', 0], ['per-class-robust-accuracy', 'pass', expect.any(Number)]]);
    expect(result.stdout).toMatch(/vs baseline: unchanged/);
    const compare = runCli(['report', 'compare', 'base', 'gated'], project.dir);
    expect(compare.code).toBe(0);
    expect(compare.stdout).toMatch(/clean\s+90\.0%\s+90\.0%\s+\+0\.0\s+0\s+0\s+1\.0000\s+unchanged/);
  });

  it('a baseline of different runs fails the gate with the differences (exit 1); a missing --baseline path is exit 2', () => {
    const result = runCli(['run', 'gated.suite.json', '--out', 'gated-other', '--baseline', 'other', ...verdictReporters], project.dir);
    const report: SuiteReport = expectOneVerdict(result, join(project.dir, 'gated-other'), 'tiny');
    expect(result.code).toBe(1);
    expect(report.thresholds[0]).toMatchObject({ metric: 'regression', status: 'fail', actual: null });
    expect(report.thresholds[0]!.reason).toMatch(/cannot be compared sample by sample: evaluated samples differ/);
    expect(result.stdout).toMatch(/not comparable with the baseline other:/);
    expect(runCli(['run', 'gated.suite.json', '--out', 'x', '--baseline', 'missing-dir'], project.dir).code).toBe(2);
    expect(JSON.parse(readFileSync(join(project.dir, 'gated', 'tiny', 'report.json'), 'utf8')).baseline.rows.length).toBeGreaterThan(0);
  });
});
