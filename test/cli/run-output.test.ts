import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SuiteReport } from '../../src/report/report-types.js';
import { createFixtureProject, fixtureSuite, runCli } from '../helpers/cli-fixture.js';

let project: Awaited<ReturnType<typeof createFixtureProject>>;

beforeAll(async () => {
  project = await createFixtureProject();
  project.writeSuite('fails.suite.json', fixtureSuite({
    id: 'fails', attacks: [{ id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.1] }],
    thresholds: [{ metric: 'clean-accuracy', min: 0.99 }], confidence: 0.95,
  }));
  project.writeSuite('missing.suite.json', fixtureSuite({ id: 'missing', model: { path: 'models/none/model.json' } }));
});

function readReport(out: string, id: string): SuiteReport {
  return JSON.parse(readFileSync(join(project.dir, out, id, 'report.json'), 'utf8')) as SuiteReport;
}

describe('run: errors and the verdict always reach stderr', () => {
  it.each([['json'], ['junit'], ['ndjson'], ['html,markdown']])('--reporter %s with a missing model: exit 2, the error and the verdict on stderr', (reporter) => {
    const result = runCli(['run', 'missing.suite.json', '--reporter', reporter, '--out', `out-missing-${reporter}`], project.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing \(missing\.suite\.json\): error \[MODEL_MISSING\]: .*models\/none/);
    expect(result.stderr).toMatch(/^robustcheck: ERROR · 0\/1 suite\(s\) passed · exit 2$/m);
  });

  it('a failing suite with --reporter json: the verdict line and where the reports are, on stderr', () => {
    const result = runCli(['run', 'fails.suite.json', '--reporter', 'json', '--out', 'out-fails'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^robustcheck: FAIL · 0\/1 suite\(s\) passed · exit 1$/m);
    expect(result.stderr).toMatch(/^robustcheck: reports in out-fails\//m);
    expect(result.stderr).toMatch(/report compare OLD out-fails\/fails/);
  });
});

describe('run --shard: a shard does not judge thresholds', () => {
  it('exits 0 on a suite that fails as a whole, says it is a shard, marks thresholds skipped; merge judges', () => {
    const shard = runCli(['run', 'fails.suite.json', '--shard', '1/2', '--reporter', 'plain,json,junit', '--out', 'shard-1'], project.dir);
    expect(shard.code).toBe(0);
    expect(shard.stdout).toMatch(/shard 1\/2: thresholds .* not judged/);
    expect(shard.stderr).toMatch(/^robustcheck: PASS \(shard 1\/2: thresholds not judged; robustcheck report merge gives the verdict\)/m);
    const report = readReport('shard-1', 'fails');
    expect(report.verdict).toBe('pass');
    expect(report.thresholds.map((threshold) => threshold.status)).toEqual(['skipped']);
    expect(report.thresholds[0]!.actual).not.toBeNull();
    const junit = readFileSync(join(project.dir, 'shard-1', 'fails', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<skipped message="not judged: shard 1\/2/);
    expect(junit).not.toMatch(/<failure/);
    expect(runCli(['run', 'fails.suite.json', '--shard', '2/2', '--reporter', 'json', '--out', 'shard-2'], project.dir).code).toBe(0);
    const merged = runCli(['report', 'merge', 'shard-1', 'shard-2', '--out', 'merged', '--reporter', 'json'], project.dir);
    expect(merged.code).toBe(1);
    expect(readReport('merged', 'fails')).toMatchObject({ verdict: 'fail', exitCode: 1 });
    expect(readReport('merged', 'fails').thresholds[0]!.status).toBe('fail');
  });
});

describe('reports can be handed over', () => {
  it('report.json, report.html and events.ndjson hold no absolute local path', () => {
    const result = runCli(['run', 'fails.suite.json', '--out', 'out-portable'], project.dir);
    expect(result.code).toBe(1);
    for (const file of ['fails/report.json', 'fails/report.html', 'fails/junit.xml', 'fails/summary.md', 'events.ndjson']) {
      const text = readFileSync(join(project.dir, 'out-portable', file), 'utf8');
      expect(text, file).not.toContain(project.dir);
    }
    const report = readReport('out-portable', 'fails');
    expect(report.model.path).toBe('models/mlp/model.json');
    expect(report.data.path).toBe('data/tiny.npz');
    expect(report.model.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a later run with fewer formats leaves no file of the earlier run in the suite folder', () => {
    expect(runCli(['run', 'fails.suite.json', '--out', 'out-rerun'], project.dir).code).toBe(1);
    expect(existsSync(join(project.dir, 'out-rerun', 'fails', 'report.html'))).toBe(true);
    expect(runCli(['run', 'fails.suite.json', '--out', 'out-rerun', '--reporter', 'json'], project.dir).code).toBe(1);
    for (const file of ['report.html', 'junit.xml', 'summary.md']) expect(existsSync(join(project.dir, 'out-rerun', 'fails', file)), file).toBe(false);
    expect(existsSync(join(project.dir, 'out-rerun', 'fails', 'report.json'))).toBe(true);
    // A run that writes no suite file leaves the folder alone.
    expect(runCli(['run', 'fails.suite.json', '--out', 'out-rerun', '--reporter', 'plain'], project.dir).code).toBe(1);
    expect(existsSync(join(project.dir, 'out-rerun', 'fails', 'report.json'))).toBe(true);
  });
});

describe('run --attack', () => {
  it('runs only the named attacks of a suite, without editing it', () => {
    project.writeSuite('three.suite.json', fixtureSuite({ id: 'three' }));
    const result = runCli(['run', 'three.suite.json', '--attack', 'noise', '--limit', '20', '--reporter', 'json', '--out', 'out-filter'], project.dir);
    expect(result.code, result.stderr).toBe(0);
    expect(readReport('out-filter', 'three').attacks.map((attack) => attack.id)).toEqual(['noise']);
    const unknown = runCli(['run', 'three.suite.json', '--attack', 'apgd', '--out', 'out-filter-none'], project.dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/NO_MATCH|matches no attack/);
  });
});

describe('run: the result cache', () => {
  const withoutTimes = (report: SuiteReport) => JSON.parse(JSON.stringify(report, (key, value) =>
    ['startedAt', 'durationMs', 'samplesPerSecond', 'cached'].includes(key) ? undefined : value)) as unknown;

  it('reuses unchanged attacks, says so, and gives the same report; a changed attack or --no-cache recomputes', () => {
    const cache = { ROBUSTCHECK_CACHE: 'on', ROBUSTCHECK_CACHE_DIR: join(project.dir, 'cache') };
    project.writeSuite('cached.suite.json', fixtureSuite({ id: 'cached' }));
    const first = runCli(['run', 'cached.suite.json', '--reporter', 'plain,json', '--out', 'out-cache-1'], project.dir, cache);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).not.toContain('from the result cache');
    const second = runCli(['run', 'cached.suite.json', '--reporter', 'plain,json', '--out', 'out-cache-2'], project.dir, cache);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('from the result cache (identical model, data, attack, seed and backend; --no-cache recomputes): fgsm, pgd, noise');
    const [fresh, reused] = [readReport('out-cache-1', 'cached'), readReport('out-cache-2', 'cached')];
    expect(reused.attacks.map((attack) => attack.cached)).toEqual([true, true, true]);
    expect(fresh.attacks.some((attack) => attack.cached)).toBe(false);
    expect(withoutTimes(reused)).toEqual(withoutTimes(fresh));
    // Another seed changes every attack's key; --no-cache ignores the cache.
    const reseeded = runCli(['run', 'cached.suite.json', '--seed', '8', '--reporter', 'json', '--out', 'out-cache-3'], project.dir, cache);
    expect(reseeded.code).toBe(0);
    expect(readReport('out-cache-3', 'cached').attacks.some((attack) => attack.cached)).toBe(false);
    const uncached = runCli(['run', 'cached.suite.json', '--no-cache', '--reporter', 'json', '--out', 'out-cache-4'], project.dir, cache);
    expect(uncached.code).toBe(0);
    expect(readReport('out-cache-4', 'cached').attacks.some((attack) => attack.cached)).toBe(false);
  });
});
