/**
 * Integrity: `robustcheck hash PATH` prints the value to pin (`model.sha256`) or a data file's
 * hash, and every report records the hashes of the suite, the model files and the data files, so
 * a reviewer can check a re-run used the same inputs.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npy } from '../data/fixtures.js';
import type { SuiteReport } from '../../src/report/report-types.js';
import { createFixtureProject, fixtureSuite } from '../helpers/cli-fixture.js';
import { runCliInProcess } from './cli-harness.js';

let project: Awaited<ReturnType<typeof createFixtureProject>>;
beforeAll(async () => {
  project = await createFixtureProject();
});
afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

const sha256Of = (...files: string[]) => {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(join(project.dir, file)));
  return hash.digest('hex');
};

function readReport(out: string): SuiteReport {
  return JSON.parse(readFileSync(join(project.dir, out, 'tiny', 'report.json'), 'utf8')) as SuiteReport;
}

describe('robustcheck hash', () => {
  it('prints model.json + weights (the model.sha256 pin) and data files in the sha256sum layout', async () => {
    const result = await runCliInProcess(['hash', 'models/mlp/model.json', 'data/tiny.npz'], project.dir);
    expect(result.exit, result.output).toBe(0);
    expect(result.output).toBe(
      `${sha256Of('models/mlp/model.json', 'models/mlp/weights.bin')}  models/mlp/model.json\n` +
      `${sha256Of('data/tiny.npz')}  data/tiny.npz\n`,
    );
  });

  it('the printed model hash is accepted as a pin, and a changed weight file is then refused', async () => {
    const printed = (await runCliInProcess(['hash', 'models/mlp/model.json'], project.dir)).output.split(' ')[0]!;
    project.writeSuite('pinned.suite.json', fixtureSuite({ model: { path: 'models/mlp/model.json', sha256: printed } }));
    const pinned = await runCliInProcess(['run', 'pinned.suite.json', '--out', 'out-pinned', '--reporter', 'json', '--workers', '1'], project.dir);
    expect(pinned.exit, pinned.output).toBe(0);
    expect(readReport('out-pinned').model.sha256).toBe(printed);

    const weights = readFileSync(join(project.dir, 'models/mlp/weights.bin'));
    try {
      const changed = Buffer.from(weights);
      changed[0]! ^= 1;
      writeFileSync(join(project.dir, 'models/mlp/weights.bin'), changed);
      const refused = await runCliInProcess(['run', 'pinned.suite.json', '--out', 'out-repinned', '--reporter', 'plain', '--workers', '1'], project.dir);
      expect(refused.exit).toBe(2);
      expect(refused.output).toMatch(new RegExp(`does not match its pin: expected sha256 ${printed}, actual [0-9a-f]{64}`));
    } finally {
      writeFileSync(join(project.dir, 'models/mlp/weights.bin'), weights);
    }
  });
});

describe('hashes in report.json', () => {
  it('records the suite, model and data hashes, each equal to the files’ sha256', async () => {
    const suitePath = project.writeSuite('hashed.suite.json', fixtureSuite());
    const result = await runCliInProcess(['run', 'hashed.suite.json', '--out', 'out-hashed', '--reporter', 'json', '--workers', '1'], project.dir);
    expect(result.exit, result.output).toBe(0);
    const report = readReport('out-hashed');
    expect(report.suite.sha256).toBe(createHash('sha256').update(readFileSync(suitePath)).digest('hex'));
    expect(report.model.sha256).toBe(sha256Of('models/mlp/model.json', 'models/mlp/weights.bin'));
    expect(report.data.sha256).toBe(sha256Of('data/tiny.npz'));
    expect(report.data.labelsSha256).toBeUndefined();
  });

  it('records the labels file hash when labels come from a separate file', async () => {
    const x = new Float32Array(60 * 16).fill(0.5);
    writeFileSync(join(project.dir, 'data', 'x.npy'), npy(x, [60, 4, 4, 1]));
    writeFileSync(join(project.dir, 'data', 'y.npy'), npy(new Int32Array(60), [60]));
    project.writeSuite('labels.suite.json', fixtureSuite({ data: { path: 'data/x.npy', labelsPath: 'data/y.npy' }, thresholds: [] }));
    const result = await runCliInProcess(['run', 'labels.suite.json', '--out', 'out-labels', '--reporter', 'json', '--workers', '1'], project.dir);
    expect(result.exit, result.output).toBe(0);
    const report = readReport('out-labels');
    expect(report.data).toMatchObject({ sha256: sha256Of('data/x.npy'), labelsSha256: sha256Of('data/y.npy') });
    expect(report.data.labelsPath).toMatch(/data[/\\]y\.npy$/);
    const printed = await runCliInProcess(['hash', 'data/y.npy'], project.dir);
    expect(printed.output).toBe(`${report.data.labelsSha256}  data/y.npy\n`);
  });
});
