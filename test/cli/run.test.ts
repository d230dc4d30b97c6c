import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SuiteReport } from '../../src/report/report-types.js';
import { createFixtureProject, fixtureSuite, runCli, withoutRunStatus } from '../helpers/cli-fixture.js';

let project: Awaited<ReturnType<typeof createFixtureProject>>;

beforeAll(async () => {
  project = await createFixtureProject();
});

function readReport(out: string, id = 'tiny'): SuiteReport {
  return JSON.parse(readFileSync(join(project.dir, out, id, 'report.json'), 'utf8')) as SuiteReport;
}

/** Removes the fields allowed to differ between identical runs (times, dates, throughput). */
function withoutTimes(report: SuiteReport): unknown {
  return JSON.parse(JSON.stringify(report, (key, value) =>
    ['startedAt', 'durationMs', 'samplesPerSecond'].includes(key) ? undefined : value));
}

describe('robustcheck run', () => {
  it('exit 0 when thresholds pass; plain lines per attack × ε; report.json with the design fields', () => {
    project.writeSuite('pass.suite.json', fixtureSuite());
    const result = runCli(['run', 'pass.suite.json', '--out', 'out-pass'], project.dir);
    expect(withoutRunStatus(result.stderr)).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/clean accuracy 90\.0%/);
    expect(result.stdout).toMatch(/pgd\s+linf ε=0\.02\s+robust/);
    expect(result.stdout).toMatch(/noise\s+l2\s+ε=0\.5\s+robust/);
    expect(result.stdout).toMatch(/PASS: 1\/1 suite\(s\) passed .* exit 0/);
    expect(result.stdout).not.toMatch(/\x1b\[/); // no ANSI escapes off a TTY
    const report = readReport('out-pass');
    expect(report).toMatchObject({ schemaVersion: 1, verdict: 'pass', exitCode: 0, complete: true, samples: 60, seed: 7 });
    expect(report.environment.backend).toBe('wasm');
    expect(report.clean.accuracy).toBeCloseTo(0.9, 10);
    for (const attack of report.attacks) {
      let previous = Infinity;
      for (const entry of attack.results) {
        expect(entry.robustAccuracy).toBeLessThanOrEqual(report.clean.accuracy);
        expect(entry.robustAccuracy).toBeLessThanOrEqual(previous); // non-increasing in ε
        previous = entry.robustAccuracy;
        if (attack.norm === 'linf') expect(entry.perturbation.linf.max).toBeLessThanOrEqual(entry.epsilon! + 1e-6);
        expect(entry.samplesPerSecond).toBeGreaterThan(0);
      }
    }
    expect(existsSync(join(project.dir, 'out-pass', 'summary.json'))).toBe(true);
  });

  it('exit 1 when a threshold fails, and every output says so', () => {
    project.writeSuite('fail.suite.json', fixtureSuite({ thresholds: [{ metric: 'robust-accuracy', attack: 'pgd', epsilon: 0.1, min: 0.99 }] }));
    const result = runCli(['run', 'fail.suite.json', '--out', 'out-fail'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL\s+robust-accuracy: robust accuracy of pgd at 0\.1 .* is not ≥ 99\.0%/);
    expect(result.stdout).toMatch(/FAIL: 0\/1 suite\(s\) passed .* exit 1/);
    const report = readReport('out-fail');
    expect(report).toMatchObject({ verdict: 'fail', exitCode: 1 });
    const summary = JSON.parse(readFileSync(join(project.dir, 'out-fail', 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ verdict: 'fail', exitCode: 1 });
  });

  it('exit 2 for an invalid suite, nothing evaluated, no stack trace', () => {
    project.writeSuite('bad.suite.json', fixtureSuite({ attacks: [{ id: 'x', type: 'pdg', epsilons: [0.1] }] }));
    const result = runCli(['run', 'bad.suite.json', '--out', 'out-bad'], project.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/pgd/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(project.dir, 'out-bad'))).toBe(false);
  });

  it('exit 2 for bad flags', () => {
    project.writeSuite('ok.suite.json', fixtureSuite());
    expect(runCli(['run', 'ok.suite.json', '--limit', 'ten'], project.dir).code).toBe(2);
    expect(runCli(['run', 'ok.suite.json', '--backend', 'tpu'], project.dir).code).toBe(2);
    expect(runCli(['run', 'ok.suite.json', '--shard', '4/3'], project.dir).code).toBe(2);
    expect(runCli(['run', 'ok.suite.json', '--reporter', 'pdf'], project.dir).code).toBe(2);
    expect(runCli(['frobnicate'], project.dir).code).toBe(2);
  });

  it('exit 2 for a missing model file, with the path in the message', () => {
    project.writeSuite('nomodel.suite.json', fixtureSuite({ id: 'nomodel', model: { path: 'models/none/model.json' } }));
    const result = runCli(['run', 'nomodel.suite.json', '--out', 'out-nomodel'], project.dir);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toMatch(/MODEL_MISSING.*models\/none/);
  });

  // Two full runs: on a loaded CI machine they may take minutes, which says nothing about
  // determinism, so this test checks behaviour only (json reports, no time limit of its own).
  it('same suite and seed twice: identical report.json apart from times', () => {
    project.writeSuite('det.suite.json', fixtureSuite({ id: 'det' }));
    expect(runCli(['run', 'det.suite.json', '--out', 'out-det-1', '--reporter', 'json'], project.dir, {}, 0).code).toBe(0);
    expect(runCli(['run', 'det.suite.json', '--out', 'out-det-2', '--reporter', 'json'], project.dir, {}, 0).code).toBe(0);
    expect(withoutTimes(readReport('out-det-1', 'det'))).toEqual(withoutTimes(readReport('out-det-2', 'det')));
  }, 30 * 60_000);

  it('--seed changes the random start; --limit narrows the samples', () => {
    const result = runCli(['run', 'det.suite.json', '--out', 'out-limit', '--limit', '20', '--seed', '99', '--reporter', 'json'], project.dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const report = readReport('out-limit', 'det');
    expect(report.samples).toBe(20);
    expect(report.seed).toBe(99);
  });

  it('--reporter json writes report.json from stdout-free runs; --reporter plain writes no files', () => {
    const result = runCli(['run', 'det.suite.json', '--out', 'out-plain-only', '--reporter', 'plain'], project.dir);
    expect(result.code).toBe(0);
    expect(existsSync(join(project.dir, 'out-plain-only'))).toBe(false);
  });

  it('exit 3 when the model outputs NaN, with the cause', () => {
    cpSync(join(project.dir, 'models', 'mlp'), join(project.dir, 'models', 'nan'), { recursive: true });
    const weights = readFileSync(join(project.dir, 'models', 'nan', 'weights.bin'));
    const floats = new Float32Array(weights.buffer, weights.byteOffset, weights.byteLength / 4);
    floats.fill(Number.NaN, floats.length - 3); // the output layer's bias: every logit row is NaN
    writeFileSync(join(project.dir, 'models', 'nan', 'weights.bin'), new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength));
    project.writeSuite('nan.suite.json', fixtureSuite({ id: 'nan', model: { path: 'models/nan/model.json' } }));
    const result = runCli(['run', 'nan.suite.json', '--out', 'out-nan'], project.dir);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/MODEL_NAN_OUTPUT/);
    expect(readReport('out-nan', 'nan')).toMatchObject({ verdict: 'error', exitCode: 3, complete: false });
  });

  it('exit 3 when reports cannot be written', () => {
    writeFileSync(join(project.dir, 'not-a-folder'), 'x');
    const result = runCli(['run', 'ok.suite.json', '--out', 'not-a-folder', '--limit', '5'], project.dir);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/Could not write .*not-a-folder/);
  });

  it('exit 2 for a model.json whose weight paths leave its folder; the file outside is never read', () => {
    cpSync(join(project.dir, 'models', 'mlp'), join(project.dir, 'models', 'escape'), { recursive: true });
    const manifestPath = join(project.dir, 'models', 'escape', 'model.json');
    const modelJson = JSON.parse(readFileSync(manifestPath, 'utf8'));
    modelJson.weightsManifest[0].paths = ['../mlp/weights.bin'];
    writeFileSync(manifestPath, JSON.stringify(modelJson));
    project.writeSuite('escape.suite.json', fixtureSuite({ id: 'escape', model: { path: 'models/escape/model.json' } }));
    const result = runCli(['run', 'escape.suite.json', '--out', 'out-escape'], project.dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/MODEL_PATH_ESCAPE/);
  });
});
