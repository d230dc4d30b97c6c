import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { encodeNpz } from '../../src/data/npz.js';
import { saveLayersModel } from '../../src/model/save-model.js';
import { selectBackend } from '../../src/model/backend.js';
import { fixtureNumbers } from './classifiers.js';

/** Built CLI entry point (`npm test` builds before running vitest). */
export const cliPath = resolve(import.meta.dirname, '../../dist/src/cli/main.js');

/** Result of one CLI invocation. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI synchronously in `cwd`, never on a TTY, with CI set. `timeoutMs` guards
 * against a hang (0: none, for tests that must not depend on the machine's speed).
 */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 120_000): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, ...(timeoutMs > 0 ? { timeout: timeoutMs } : {}),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A small project in a temp folder: an MLP over 4×4×1 inputs with fixed seeded weights
 * (`models/mlp/`), 60 samples in [0, 1] with labels equal to the model's predictions except every
 * tenth (`data/tiny.npz`), and a helper to write suites next to them.
 */
export async function createFixtureProject(): Promise<{ dir: string; writeSuite(name: string, suite: object | string): string }> {
  await selectBackend('wasm');
  const dir = mkdtempSync(join(tmpdir(), 'robustcheck-cli-'));
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [4, 4, 1] }));
  model.add(tf.layers.dense({ units: 12, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }), biasInitializer: 'zeros' }));
  model.add(tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }));
  await saveLayersModel(model, join(dir, 'models', 'mlp'));
  const count = 60;
  const x = Float32Array.from(fixtureNumbers(17, count * 16), (v) => (v + 1) / 2);
  const predicted = tf.tidy(() => (model.predict(tf.tensor4d(x, [count, 4, 4, 1])) as tf.Tensor).argMax(1).dataSync());
  const y = Int32Array.from(predicted, (label, i) => (i % 10 === 0 ? (label + 1) % 3 : label));
  model.dispose();
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 'tiny.npz'), encodeNpz({ x: { values: x, shape: [count, 4, 4, 1] }, y: { values: y, shape: [count] } }));
  return {
    dir,
    writeSuite(name, suite) {
      const path = join(dir, name);
      writeFileSync(path, typeof suite === 'string' ? suite : JSON.stringify(suite, null, 2));
      return path;
    },
  };
}

/** A valid suite over the fixture project; `overrides` replace top-level fields. */
export function fixtureSuite(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'tiny',
    seed: 7,
    model: { path: 'models/mlp/model.json' },
    data: { path: 'data/tiny.npz', batchSize: 16 },
    attacks: [
      { id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.02, 0.1] },
      { id: 'pgd', type: 'pgd', norm: 'linf', epsilons: [0.02, 0.1], steps: 5 },
      { id: 'noise', type: 'gaussian-noise', norm: 'l2', epsilons: [0.1, 0.5] },
    ],
    thresholds: [{ metric: 'clean-accuracy', min: 0.5 }],
    ...overrides,
  };
}

/**
 * stderr of `robustcheck run` without its run-status lines (the verdict line and where the reports
 * are, which every run writes there): what is left are warnings and errors.
 */
export function withoutRunStatus(stderr: string): string {
  return stderr.split('\n').filter((line) => !/^robustcheck: (PASS|FAIL|ERROR|INTERRUPTED)\b/.test(line) && !/^robustcheck: reports in /.test(line) && !/^ {2}(open|robustcheck) /.test(line)).join('\n').trim();
}
