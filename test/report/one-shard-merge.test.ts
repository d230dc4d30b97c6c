/**
 * One report builder for a run and for `report merge`: a suite run as `--shard 1/1` and merged
 * must give the same report.json as the same suite run unsharded, byte for byte apart from times
 * and ROC-AUC (which needs per-sample probabilities that reports do not keep) — Square's queries and
 * the cascade's per-member contributions included.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeShardReports } from '../../src/report/merge-shards.js';
import type { SuiteReport } from '../../src/report/report-types.js';
import { createFixtureProject, fixtureSuite } from '../helpers/cli-fixture.js';
import { runCliInProcess } from '../reliability/cli-harness.js';

/** Fields that may differ between two runs of the same suite, and the one merged reports leave out. */
const varying = ['startedAt', 'durationMs', 'samplesPerSecond', 'rocAuc'];
const stable = (report: SuiteReport) => JSON.stringify(report, (key, value) => (varying.includes(key) ? undefined : value));

let dir: string;
let whole: SuiteReport;
let shard: SuiteReport;

beforeAll(async () => {
  const project = await createFixtureProject();
  dir = project.dir;
  project.writeSuite('tiny.suite.json', fixtureSuite({
    attacks: [
      { id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.02, 0.1] },
      { id: 'pgd-to-0', type: 'pgd', norm: 'linf', epsilons: [0.05, 0.2], steps: 5, target: 0 },
      { id: 'deepfool', type: 'deepfool', norm: 'l2', epsilons: [0.1, 0.5] },
      { id: 'noise', type: 'gaussian-noise', norm: 'l2', epsilons: [0.1, 0.5] },
      { id: 'square', type: 'square', norm: 'linf', epsilons: [0.1], queries: 40 },
      { id: 'autoattack', type: 'autoattack', norm: 'linf', epsilons: [0.1], version: 'standard' },
    ],
    thresholds: [{ metric: 'clean-accuracy', min: 0.5 }, { metric: 'robust-accuracy', attack: 'fgsm', epsilon: 0.1, min: 0.99 }],
  }));
  const common = ['run', 'tiny.suite.json', '--reporter', 'json', '--no-cache'];
  for (const [out, extra] of [['whole', []], ['shard', ['--shard', '1/1']]] as const) {
    const outcome = await runCliInProcess([...common, ...extra, '--out', out], dir, 120_000);
    expect([0, 1], outcome.output).toContain(outcome.exit);
  }
  const read = (out: string) => JSON.parse(readFileSync(join(dir, out, 'tiny', 'report.json'), 'utf8')) as SuiteReport;
  whole = read('whole');
  shard = read('shard');
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a run and a 1-shard merge of it', () => {
  it('the shard judged nothing itself, so the merge has to re-judge it', () => {
    expect(shard.shard).toEqual({ index: 1, count: 1 });
    expect(shard.thresholds.every((threshold) => threshold.status === 'skipped')).toBe(true);
  });

  it('build the same report.json, fields in the same order', () => {
    const [merged] = mergeShardReports([shard]);
    expect(whole.attacks.find((attack) => attack.id === 'pgd-to-0')!.results[0]!.targetSuccessRate).toBeDefined();
    expect(whole.attacks.find((attack) => attack.id === 'deepfool')!.minimalPerturbation?.source).toBe('minimization');
    expect(whole.clean.perClass).toBeDefined();
    // Per-sample statistics travel in the outcomes, so the merge recomputes queries and contributions.
    expect(whole.attacks.find((attack) => attack.id === 'square')!.results[0]!.queries?.samples).toBeGreaterThan(0);
    expect(whole.attacks.find((attack) => attack.id === 'autoattack')!.results[0]!.contributions?.length).toBe(4);
    expect(stable(merged!)).toBe(stable(whole));
  });
});
