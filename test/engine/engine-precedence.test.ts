import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSelection } from '../../src/report/engine-types.js';
import type { SuiteReport } from '../../src/report/report-types.js';
import { runCli } from '../helpers/cli-fixture.js';
import { makeTempDir, removeDir } from '../model/model-test-helpers.js';

/**
 * Who decides the engine, through the built CLI on the demo model: `--engine` over
 * `ROBUSTCHECK_ENGINE` over the suite's `engine` over the default `auto`. What ran is recorded in
 * report.json's `environment.engine` and printed as the plain console's `engine …` line.
 */

const root = resolve(import.meta.dirname, '../..');
let dir: string;

beforeAll(() => {
  // An inherited variable would decide every case below (runCli passes this process's environment on).
  delete process.env.ROBUSTCHECK_ENGINE;
  dir = makeTempDir();
});
afterAll(() => removeDir(dir));

/** Writes a 16-sample, one-FGSM demo suite (with `engine` when given); returns its path. */
function writeSuite(name: string, engine?: string): string {
  const path = join(dir, `${name}.suite.json`);
  writeFileSync(path, JSON.stringify({
    id: 'demo-engine',
    seed: 3,
    ...(engine === undefined ? {} : { engine }),
    model: { path: resolve(root, 'suites/models/fashion-cnn/model.json') },
    data: { path: resolve(root, 'suites/data/fashion-mnist-test-1k.npz'), batchSize: 16 },
    attacks: [{ id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.03] }],
  }));
  return path;
}

/** Runs the suite with a 16-sample limit into `out`; returns the recorded engine and the console output. */
function run(suite: string, out: string, flags: string[] = [], env: Record<string, string> = {}): { engine: EngineSelection | undefined; stdout: string } {
  const result = runCli(['run', suite, '--limit', '16', '--reporter', 'plain,json', '--out', join(dir, out), ...flags], dir, env);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  const report = JSON.parse(readFileSync(join(dir, out, 'demo-engine', 'report.json'), 'utf8')) as SuiteReport;
  expect(report.samples).toBe(16);
  return { engine: report.environment.engine, stdout: result.stdout };
}

describe('engine precedence: --engine > ROBUSTCHECK_ENGINE > suite engine > auto', () => {
  it('no engine anywhere: auto runs onnxruntime on the demo model, and says so', () => {
    const { engine, stdout } = run(writeSuite('default'), 'out-default');
    expect(engine).toMatchObject({ engine: 'onnxruntime', reason: 'auto: every op of the model translates to ONNX' });
    expect(stdout).toMatch(/^ {2}engine onnxruntime \(auto: every op of the model translates to ONNX\)$/m);
  });

  it('the suite\'s engine is used when nothing overrides it', () => {
    const { engine, stdout } = run(writeSuite('suite-tfjs', 'tfjs'), 'out-suite');
    expect(engine).toEqual({ engine: 'tfjs', reason: 'requested' });
    expect(stdout).toMatch(/^ {2}engine tfjs \(requested\)$/m);
  });

  it('ROBUSTCHECK_ENGINE overrides the suite', () => {
    const { engine, stdout } = run(writeSuite('suite-tfjs', 'tfjs'), 'out-env', [], { ROBUSTCHECK_ENGINE: 'onnxruntime' });
    expect(engine).toMatchObject({ engine: 'onnxruntime', reason: 'requested' });
    expect(stdout).toMatch(/^ {2}engine onnxruntime \(requested\)$/m);
  });

  it('--engine overrides ROBUSTCHECK_ENGINE and the suite', () => {
    const { engine, stdout } = run(writeSuite('suite-ort', 'onnxruntime'), 'out-flag', ['--engine', 'tfjs'], { ROBUSTCHECK_ENGINE: 'onnxruntime' });
    expect(engine).toEqual({ engine: 'tfjs', reason: 'requested' });
    expect(stdout).toMatch(/^ {2}engine tfjs \(requested\)$/m);
  });

  it('an invalid ROBUSTCHECK_ENGINE is exit 2 naming the variable', () => {
    const result = runCli(['run', writeSuite('default'), '--out', join(dir, 'out-bad')], dir, { ROBUSTCHECK_ENGINE: 'gpu' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ROBUSTCHECK_ENGINE/);
    expect(result.stderr).toMatch(/auto, onnxruntime, tfjs/);
  });
});
