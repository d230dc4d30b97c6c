/**
 * `robustcheck run --backend webgpu` end to end through the built CLI: it runs (on a machine
 * without a GPU through Dawn's OpenGL ES backend over Mesa's software renderer), names the adapter
 * in report.json, and gives the same per-attack counts as `--backend cpu`. Skipped only when the
 * optional `webgpu` package is not installed.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteReport } from '../../src/report/report-types.js';
import { createFixtureProject, fixtureSuite, runCli } from '../helpers/cli-fixture.js';

const dawnInstalled = await import('webgpu' as string).then(() => true, () => false);

describe.skipIf(!dawnInstalled)('robustcheck run --backend webgpu', () => {
  let project: Awaited<ReturnType<typeof createFixtureProject>>;
  beforeAll(async () => {
    project = await createFixtureProject();
    project.writeSuite('tiny.suite.json', fixtureSuite({ data: { path: 'data/tiny.npz', batchSize: 32 } }));
  });
  afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

  const report = (folder: string): SuiteReport => JSON.parse(readFileSync(join(project.dir, folder, 'tiny', 'report.json'), 'utf8')) as SuiteReport;

  it('runs, records the adapter and Dawn backend, and agrees with the cpu backend', () => {
    const gpu = runCli(['run', 'tiny.suite.json', '--backend', 'webgpu', '--reporter', 'json', '--out', 'webgpu'], project.dir);
    expect(gpu.code, gpu.stderr).toBe(0);
    const cpu = runCli(['run', 'tiny.suite.json', '--backend', 'cpu', '--reporter', 'json', '--out', 'cpu'], project.dir);
    expect(cpu.code, cpu.stderr).toBe(0);
    const onGpu = report('webgpu');
    const onCpu = report('cpu');
    expect(onGpu.environment.backend).toBe('webgpu');
    const adapter = onGpu.environment.adapter!;
    expect(adapter.dawnBackend.length).toBeGreaterThan(0);
    expect(onGpu.environment.backendReason).toContain(adapter.device || adapter.description);
    expect(onGpu.environment.gpu).toBe(adapter.software === undefined);
    expect(onCpu.environment.adapter).toBeUndefined();
    expect(onGpu.clean.correct).toBe(onCpu.clean.correct);
    const counts = (r: SuiteReport) => r.attacks.flatMap((attack) => attack.results.map((result) => result.robustCount));
    const differences = counts(onGpu).map((count, i) => Math.abs(count - counts(onCpu)[i]!));
    expect(Math.max(...differences)).toBeLessThanOrEqual(1);
  });
});
