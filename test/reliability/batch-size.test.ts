/**
 * Issue "Reliability and security", done-when 4 (docs/reliability.md A8): per-sample outcomes do not
 * depend on `batchSize` or on `--shard`, because every random draw is keyed by the sample's
 * dataset index, never by its position in a batch.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteReport } from '../../src/report/report-types.js';
import { createFixtureProject, fixtureSuite } from '../helpers/cli-fixture.js';
import { runCliInProcess } from './cli-harness.js';

let project: Awaited<ReturnType<typeof createFixtureProject>>;

/** FGSM, PGD from seeded random starts with restarts, and repeated Gaussian noise: every source of randomness. */
const attacks = [
  { id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.02, 0.05] },
  { id: 'pgd', type: 'pgd', norm: 'linf', epsilons: [0.02, 0.05], steps: 8, randomStart: true, restarts: 2 },
  { id: 'pgd-l2', type: 'pgd', norm: 'l2', epsilons: [0.2], steps: 8, randomStart: true },
  { id: 'noise', type: 'gaussian-noise', norm: 'l2', epsilons: [0.3, 1], repeats: 3 },
];

async function run(name: string, batchSize: number, extra: string[] = []): Promise<SuiteReport> {
  project.writeSuite(`${name}.suite.json`, fixtureSuite({ data: { path: 'data/tiny.npz', batchSize }, attacks, thresholds: [] }));
  const result = await runCliInProcess(['run', `${name}.suite.json`, '--out', `out-${name}`, '--reporter', 'json', '--workers', '1', ...extra], project.dir);
  expect(result.exit, result.output).toBe(0);
  return JSON.parse(readFileSync(join(project.dir, `out-${name}`, 'tiny', 'report.json'), 'utf8')) as SuiteReport;
}

/** Outcome character per dataset index, per attack and budget ("clean" for the clean pass). */
function perSample(report: SuiteReport): Map<string, string> {
  const byIndex = new Map<string, string>();
  const add = (key: string, outcomes: string) => report.outcomes.indices.forEach((index, position) => byIndex.set(`${key}#${index}`, outcomes[position]!));
  add('clean', report.outcomes.clean);
  for (const [attack, budgets] of Object.entries(report.outcomes.attacks)) {
    for (const [budget, outcomes] of Object.entries(budgets)) add(`${attack}@${budget}`, outcomes);
  }
  return byIndex;
}

let reference: SuiteReport;
beforeAll(async () => {
  project = await createFixtureProject();
  reference = await run('batch-128', 128);
});
afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

describe('determinism across batch sizes and shards', () => {
  it('the reference run attacks every sample and breaks some (so equal outcomes mean something)', () => {
    expect(reference.outcomes.indices).toHaveLength(60);
    for (const attack of ['fgsm', 'pgd', 'noise']) {
      const largest = Object.values(reference.outcomes.attacks[attack]!).at(-1)!;
      expect(largest, attack).toMatch(/0/);
      expect(largest, attack).toMatch(/1/);
    }
  });

  it.each([1, 7])('batchSize %i gives the same per-sample outcomes as batchSize 128', async (batchSize) => {
    const report = await run(`batch-${batchSize}`, batchSize);
    expect(report.outcomes.indices).toEqual(reference.outcomes.indices);
    expect(report.outcomes.labels).toEqual(reference.outcomes.labels);
    expect(report.outcomes.clean).toBe(reference.outcomes.clean);
    expect(report.outcomes.attacks).toEqual(reference.outcomes.attacks);
    expect(report.attacks.map((attack) => attack.results.map((result) => result.robustCount)))
      .toEqual(reference.attacks.map((attack) => attack.results.map((result) => result.robustCount)));
  });

  it('shards 1/3, 2/3 and 3/3 together give the same per-sample outcomes as the whole run', async () => {
    const merged = new Map<string, string>();
    for (const shard of ['1/3', '2/3', '3/3']) {
      const report = await run(`shard-${shard.replace('/', '-of-')}`, 7, ['--shard', shard]);
      expect(report.shard).toEqual({ index: Number(shard[0]), count: 3 });
      for (const [key, outcome] of perSample(report)) {
        expect(merged.has(key), `${key} evaluated by two shards`).toBe(false);
        merged.set(key, outcome);
      }
    }
    expect(Object.fromEntries(merged)).toEqual(Object.fromEntries(perSample(reference)));
  });
});
