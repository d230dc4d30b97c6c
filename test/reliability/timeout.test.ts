/**
 * `timeoutSeconds`: a suite that runs out of its wall-clock budget stops after the current batch
 * with verdict `error` (`SUITE_TIMEOUT`, exit 3), keeps every finished result, and says so.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteReport } from '../../src/report/report-types.js';
import { createFixtureProject, fixtureSuite } from '../helpers/cli-fixture.js';
import { runCliInProcess } from './cli-harness.js';

let project: Awaited<ReturnType<typeof createFixtureProject>>;
beforeAll(async () => {
  project = await createFixtureProject();
});
afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

/** FGSM (fast), then PGD with enough steps that the whole suite would take far longer than the budget. */
const slowSuite = (timeoutSeconds?: number) => fixtureSuite({
  ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  attacks: [
    { id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.05] },
    { id: 'pgd', type: 'pgd', norm: 'linf', epsilons: [0.05, 0.1], steps: 1500, randomStart: false },
  ],
  thresholds: [{ metric: 'clean-accuracy', min: 0.5 }],
});

describe('timeoutSeconds', () => {
  it('ends the suite with SUITE_TIMEOUT (exit 3) after the current batch and keeps finished results', async () => {
    project.writeSuite('slow.suite.json', slowSuite(0.5));
    const result = await runCliInProcess(['run', 'slow.suite.json', '--out', 'out-timeout', '--reporter', 'plain,json', '--workers', '1'], project.dir);
    expect(result.exit, result.output).toBe(3);
    expect(result.output).toMatch(/error \[SUITE_TIMEOUT\]: Suite "tiny" ran out of its timeoutSeconds budget \(0\.5 s; stopped after [\d.]+ s\)/);
    expect(result.output).toMatch(/fgsm\s+linf ε=0\.05\s+robust/);
    const report = JSON.parse(readFileSync(join(project.dir, 'out-timeout', 'tiny', 'report.json'), 'utf8')) as SuiteReport;
    expect(report).toMatchObject({ complete: false, verdict: 'error', exitCode: 3, error: { code: 'SUITE_TIMEOUT' } });
    // FGSM finished before the deadline and is kept with its per-sample outcomes; PGD is cut short.
    expect(report.attacks.find((attack) => attack.id === 'fgsm')!.results).toHaveLength(1);
    expect(Object.keys(report.outcomes.attacks.fgsm ?? {})).toEqual(['0.05']);
    expect(report.attacks.find((attack) => attack.id === 'pgd')?.results.length ?? 0).toBeLessThan(2);
    expect(report.clean.accuracy).toBeCloseTo(0.9, 10);
    // Stopped at a batch boundary inside PGD, not after the whole suite: the last PGD budget never
    // finished. (Behaviour, not speed: how long that took depends on the machine's load.)
    expect(report.outcomes.attacks.pgd?.['0.1']).toBeUndefined();
    const summary = JSON.parse(readFileSync(join(project.dir, 'out-timeout', 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ verdict: 'error', exitCode: 3 });
  });

  it('a generous budget changes nothing: the suite completes and passes', async () => {
    project.writeSuite('fast.suite.json', fixtureSuite({ timeoutSeconds: 600 }));
    const result = await runCliInProcess(['run', 'fast.suite.json', '--out', 'out-generous', '--reporter', 'json', '--workers', '1'], project.dir);
    expect(result.exit, result.output).toBe(0);
    const report = JSON.parse(readFileSync(join(project.dir, 'out-generous', 'tiny', 'report.json'), 'utf8')) as SuiteReport;
    expect(report).toMatchObject({ complete: true, verdict: 'pass' });
    expect(report.error).toBeUndefined();
  });
});
