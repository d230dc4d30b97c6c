/**
 * Wall time of `autoattack` (standard) on the demo model and data at L∞ ε = 0.03, next to PGD-20
 * and Square alone on the same samples, and Square's queries per second: the figures of issue 15's
 * performance goal (AutoAttack standard on 1,000 samples in under 10 minutes). Runs the built CLI
 * (`npm run build` first) on a generated suite, so the numbers include everything a user waits
 * for. Not a test: it prints figures.
 *
 *   node dist/bench/autoattack-timing.js [--limit 1000] [--workers N] [--out DIR]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SuiteReport } from '../src/report/report-types.js';

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { limit: { type: 'string', default: '1000' }, workers: { type: 'string' }, out: { type: 'string' } } });
const dir = values.out ?? mkdtempSync(join(tmpdir(), 'robustcheck-autoattack-timing-'));
mkdirSync(dir, { recursive: true });
const suitePath = join(dir, 'timing.suite.json');
writeFileSync(suitePath, JSON.stringify({
  id: 'autoattack-timing', seed: 1234,
  model: { path: join(root, 'suites/models/fashion-cnn/model.json'), inputRange: [0, 1], output: 'auto' },
  data: { path: join(root, 'suites/data/fashion-mnist-test-1k.npz'), labels: 'file', batchSize: 128 },
  attacks: [
    { id: 'pgd-20', type: 'pgd', norm: 'linf', epsilons: [0.03], steps: 20, relativeStepSize: 0.125, randomStart: true },
    { id: 'square', type: 'square', norm: 'linf', epsilons: [0.03] },
    { id: 'autoattack', type: 'autoattack', norm: 'linf', epsilons: [0.03], version: 'standard' },
  ],
}, null, 2));
const args = ['run', suitePath, '--limit', values.limit!, '--reporter', 'json', '--out', join(dir, 'reports'), ...(values.workers ? ['--workers', values.workers] : [])];
const started = performance.now();
const run = spawnSync(process.execPath, [join(root, 'dist/src/cli/main.js'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const wallSeconds = (performance.now() - started) / 1000;
if (run.status === null || run.status >= 2) {
  process.stderr.write(run.stderr);
  throw new Error(`robustcheck run failed (exit ${run.status})`);
}
const report = JSON.parse(readFileSync(join(dir, 'reports', 'autoattack-timing', 'report.json'), 'utf8')) as SuiteReport;
const rows = report.attacks.map((attack) => {
  const result = attack.results[0]!;
  const queries = result.queries ? result.queries.mean * result.queries.samples : undefined;
  return {
    attack: attack.id, robustAccuracy: result.robustAccuracy, attacked: result.attacked, seconds: result.durationMs / 1000,
    ...(queries !== undefined ? { queriesPerSecond: queries / (result.durationMs / 1000), queriesMean: result.queries!.mean, queriesMedian: result.queries!.median } : {}),
    ...(result.contributions ? { contributions: result.contributions } : {}),
  };
});
process.stdout.write(`${JSON.stringify({ samples: report.samples, clean: report.clean.accuracy, backend: report.environment.backend, wallSeconds, attacks: rows }, null, 2)}\n`);
