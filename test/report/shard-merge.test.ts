import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeShardReports } from '../../src/report/merge-shards.js';
import { readReportFile } from '../../src/report/read-report.js';
import type { SuiteReport } from '../../src/report/report-types.js';
import { cliPath, runCli, type CliResult } from '../helpers/cli-fixture.js';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'robustcheck-shards-'));
const demo = 'suites/fashion-mnist.suite.json';
/** Small enough to run four times, large enough that every shard breaks and keeps examples. */
const limit = '120';

/** Runs the built CLI without blocking, so the runs share the two cores. */
function runCliAsync(args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: root, env: { ...process.env, CI: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const report = (folder: string): SuiteReport => readReportFile(join(work, folder, 'fashion-cnn', 'report.json'));

/**
 * What an unsharded run and merged shards may differ in: times and throughput, and ROC-AUC, which
 * needs every sample's probabilities (reports do not keep them, so merged reports leave it out;
 * docs/sharding.md).
 */
function comparable(value: SuiteReport): unknown {
  return JSON.parse(JSON.stringify(value, (key, entry) => (['startedAt', 'durationMs', 'samplesPerSecond', 'rocAuc'].includes(key) ? undefined : entry)));
}

let runs: CliResult[];
let merge: CliResult;

beforeAll(async () => {
  // One worker thread each: four processes already fill the two cores.
  const common = ['run', demo, '--limit', limit, '--workers', '1', '--reporter', 'json'];
  runs = await Promise.all([
    ...[1, 2, 3].map((i) => runCliAsync([...common, '--shard', `${i}/3`, '--out', join(work, `shard-${i}`)])),
    runCliAsync([...common, '--out', join(work, 'whole')]),
  ]);
  merge = runCli(['report', 'merge', join(work, 'shard-1'), join(work, 'shard-2'), join(work, 'shard-3'), '--out', join(work, 'merged')], root);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('demo suite as --shard 1/3, 2/3, 3/3 merged vs one unsharded run (--limit 120)', () => {
  it('every run finished and the merge exits with the unsharded verdict code', () => {
    for (const result of runs) expect([0, 1], result.stderr).toContain(result.code);
    expect(merge.stderr).toBe('');
    expect(merge.code).toBe(runs[3]!.code);
  });

  it('the shards split the samples 40/40/40 and the merged report equals the unsharded one apart from times', () => {
    expect([1, 2, 3].map((i) => report(`shard-${i}`).samples)).toEqual([40, 40, 40]);
    const whole = report('whole');
    const merged = report('merged');
    expect(merged.shard).toBeUndefined();
    expect(merged.samples).toBe(120);
    expect(whole.attacks.every((attack) => attack.results.every((result) => (result.examples?.length ?? 0) > 0))).toBe(true);
    expect(comparable(merged)).toEqual(comparable(whole));
  });

  it('the merged folder has every format, and its event log re-renders the same report.json', () => {
    for (const file of ['fashion-cnn/junit.xml', 'fashion-cnn/summary.md', 'fashion-cnn/report.html', 'events.ndjson', 'summary.json']) {
      expect(existsSync(join(work, 'merged', file)), file).toBe(true);
    }
    expect(runCli(['report', 'render', join(work, 'merged', 'events.ndjson'), '--reporter', 'json', '--out', join(work, 'rerendered')], root).code).toBe(0);
    expect(readFileSync(join(work, 'rerendered', 'fashion-cnn', 'report.json'), 'utf8')).toBe(readFileSync(join(work, 'merged', 'fashion-cnn', 'report.json'), 'utf8'));
  });
});

describe('report merge refuses shards that do not belong together', () => {
  const shards = () => [1, 2, 3].map((i) => structuredClone(report(`shard-${i}`)));

  it('an unsharded report (exit 2 from the CLI) or a shard with another seed, naming the field', () => {
    const result = runCli(['report', 'merge', join(work, 'shard-1'), join(work, 'shard-2'), join(work, 'whole'), '--out', join(work, 'refused')], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/without a shard/);
    const [a, b, c] = shards();
    c!.seed = 99;
    expect(() => mergeShardReports([a!, b!, c!])).toThrow(/shard 3\/3 and shard 1\/3 differ in seed/);
  });

  it.each([
    ['another suite file', (list: SuiteReport[]) => { list[1]!.suite.sha256 = 'f'.repeat(64); }, /differ in suite file/],
    ['another model', (list: SuiteReport[]) => { list[2]!.model.sha256 = 'e'.repeat(64); }, /differ in model/],
    ['a missing shard', (list: SuiteReport[]) => { list.pop(); }, /shard\(s\) 3\/3 missing/],
    ['a duplicate shard', (list: SuiteReport[]) => { list[2] = structuredClone(list[1]!); }, /shard 2\/3 was given twice/],
    ['an interrupted shard', (list: SuiteReport[]) => { list[0]!.complete = false; }, /shard 1\/3 is incomplete/],
    ['edited sample lists', (list: SuiteReport[]) => { list[0]!.outcomes.indices[0] = 1; }, /not the deterministic split/],
  ])('%s', (_name, edit, message) => {
    const list = shards();
    edit(list);
    expect(() => mergeShardReports(list)).toThrow(message);
  });
});
