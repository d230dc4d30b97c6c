/**
 * The webgpu backend against the cpu backend on real models, run through Dawn: on a machine
 * without a GPU that is Dawn's OpenGL ES backend over Mesa's llvmpipe (software rendering, so the
 * batches here are small). Logits, input gradients (sign agreement ≥ 99.99 %: first-max max-pool
 * gradients make ties go the same way) and FGSM/PGD robust counts must agree. Skipped only when
 * the optional `webgpu` package is not installed; installed but not starting is a failure.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load-dataset.js';
import { selectBackend } from '../../src/model/backend.js';
import type { BackendSelection } from '../../src/events/backend-selection.js';
import type { Classifier } from '../../src/model/classifier.js';
import { loadClassifier } from '../../src/model/load-model.js';
import { loadSuite } from '../../src/suite/index.js';
import { gpuDeviceFiles } from '../../src/model/webgpu/start-webgpu.js';
import { runCase } from '../helpers/attack-harness.js';
import { writeConvertedGraphModel } from '../fixtures/models/converted-graph-fixture.js';
import { writeGraphModelFixture } from '../fixtures/models/graph-model-fixture.js';
import { makeTempDir, modelSpec, removeDir, seededValues } from './model-test-helpers.js';

const dawnInstalled = await import('webgpu' as string).then(() => true, () => false);
const root = resolve(import.meta.dirname, '../..');

/** Everything compared between backends, read back to plain arrays. */
interface Run {
  logits: Float32Array;
  gradient: Float32Array;
  fgsmRobust: number;
  pgdRobust: number;
}

/** Loads the model on `backend`, then computes logits, the CE input gradient and FGSM/PGD outcomes. */
async function runOn(backend: string, spec: Parameters<typeof loadClassifier>[0], x: Float32Array, labels: Int32Array, epsilon: number): Promise<Run> {
  await selectBackend(backend);
  const { classifier } = await loadClassifier(spec);
  try {
    const before = tf.memory().numTensors;
    const [logits, gradient] = tf.tidy(() => {
      const input = tf.tensor(x, [labels.length, ...classifier.inputShape]);
      const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), classifier.numClasses);
      const loss = (z: tf.Tensor) => tf.losses.softmaxCrossEntropy(onehot, classifier.logits(z));
      return [classifier.logits(input).dataSync() as Float32Array, tf.grad(loss)(input).dataSync() as Float32Array];
    });
    const robust = async (type: string, params: Record<string, unknown>) => {
      const outcome = await runCase({ classifier, x, labels, type, norm: 'linf', budget: epsilon, params, seed: 5, batchSize: labels.length });
      return outcome.robust.reduce((sum, flag) => sum + flag, 0);
    };
    const fgsmRobust = await robust('fgsm', {});
    const pgdRobust = await robust('pgd', { steps: 3, randomStart: true });
    expect(tf.memory().numTensors).toBe(before);
    return { logits, gradient, fgsmRobust, pgdRobust };
  } finally {
    classifier.dispose();
  }
}

/** Checks a webgpu run against the cpu run of the same model and inputs. */
function expectAgreement(gpu: Run, cpu: Run, logitTolerance: number): void {
  let worst = 0;
  for (let i = 0; i < cpu.logits.length; i++) worst = Math.max(worst, Math.abs(gpu.logits[i]! - cpu.logits[i]!));
  expect(worst).toBeLessThan(logitTolerance);
  let same = 0;
  let moving = 0;
  for (let i = 0; i < cpu.gradient.length; i++) {
    if (Math.sign(gpu.gradient[i]!) === Math.sign(cpu.gradient[i]!)) same++;
    if (cpu.gradient[i] !== 0) moving++;
  }
  // A zero gradient everywhere would agree trivially.
  expect(moving).toBeGreaterThan(cpu.gradient.length / 20);
  expect(same / cpu.gradient.length).toBeGreaterThanOrEqual(0.9999);
  // Float rounding may move a sample that sits exactly on a decision boundary, at most one.
  expect(Math.abs(gpu.fgsmRobust - cpu.fgsmRobust)).toBeLessThanOrEqual(1);
  expect(Math.abs(gpu.pgdRobust - cpu.pgdRobust)).toBeLessThanOrEqual(1);
}

/** Labels the cpu backend predicts, so every sample starts correct and attacks have work to do. */
async function predictedLabels(spec: Parameters<typeof loadClassifier>[0], x: Float32Array, n: number): Promise<Int32Array> {
  await selectBackend('cpu');
  const { classifier } = await loadClassifier(spec);
  const labels = tf.tidy(() => classifier.logits(tf.tensor(x, [n, ...classifier.inputShape])).argMax(1).dataSync());
  classifier.dispose();
  return Int32Array.from(labels);
}

describe.skipIf(!dawnInstalled)('webgpu backend through Dawn against the cpu backend', () => {
  let selection: BackendSelection;
  let dir: string;

  beforeAll(async () => {
    selection = await selectBackend('webgpu');
    dir = makeTempDir();
  });
  afterAll(() => removeDir(dir));

  it('starts and names its adapter and Dawn backend; gpu is true only for a hardware adapter', () => {
    expect(selection.backend).toBe('webgpu');
    const adapter = selection.adapter!;
    expect(adapter.dawnBackend).toMatch(/^[a-z0-9]+$/);
    expect(`${adapter.vendor}${adapter.device}${adapter.description}`.length).toBeGreaterThan(0);
    expect(selection.gpu).toBe(adapter.software === undefined);
    expect(selection.reason).toContain(`Dawn ${adapter.dawnBackend}`);
  });

  /** `selectBackend('auto')` in a fresh process (one keeps its first choice for its whole life). */
  function selectAuto(env: Record<string, string> = {}): BackendSelection {
    const script = join(dir, 'select-auto.mjs');
    writeFileSync(script, `import { selectBackend } from ${JSON.stringify(pathToFileURL(join(root, 'dist/src/model/backend.js')).href)};\n` +
      'console.log(JSON.stringify(await selectBackend("auto")));\nprocess.exit(0);\n');
    const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
    expect(child.status, child.stderr).toBe(0);
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as BackendSelection;
  }

  it('auto asks Dawn for the adapter and never picks a software one, saying why', () => {
    // Naming the Dawn backend makes auto ask Dawn even on a machine without GPU device files.
    const auto = selectAuto({ ROBUSTCHECK_DAWN_BACKEND: selection.adapter!.dawnBackend });
    if (selection.adapter!.software) {
      expect(auto.backend).not.toBe('webgpu');
      expect(auto.skipped.find((entry) => entry.name === 'webgpu')?.reason).toMatch(/software renderer/);
    } else {
      expect(['tensorflow', 'webgpu']).toContain(auto.backend);
    }
  });

  it.skipIf(process.platform !== 'linux' || gpuDeviceFiles().length > 0)('without GPU device files auto does not start Dawn at all', () => {
    const auto = selectAuto();
    expect(auto.backend).not.toBe('webgpu');
    expect(auto.skipped.find((entry) => entry.name === 'webgpu')?.reason).toMatch(/no GPU device/);
  });

  it('demo CNN (real Fashion-MNIST images, max-pool ties): logits, gradients, FGSM and PGD agree', async () => {
    const suite = await loadSuite(join(root, 'suites/fashion-mnist.suite.json'));
    await selectBackend('cpu');
    const { classifier } = await loadClassifier(suite.model);
    const dataset = await loadDataset(suite.data, { inputShape: classifier.inputShape, inputRange: classifier.inputRange, numClasses: classifier.numClasses });
    classifier.dispose();
    const batch = dataset.read(Array.from({ length: 16 }, (_, i) => i));
    const labels = Int32Array.from(batch.y!);
    const cpu = await runOn('cpu', suite.model, batch.x, labels, 0.03);
    const gpu = await runOn('webgpu', suite.model, batch.x, labels, 0.03);
    expectAgreement(gpu, cpu, 1e-4);
    expect(cpu.fgsmRobust).toBeLessThan(16);
    // Software rendering on a loaded 2-core machine: a generous limit, not a speed test.
  }, 600_000);

  it('depthwise GraphModel: logits, gradients, FGSM and PGD agree', async () => {
    const fixture = await writeGraphModelFixture(join(dir, 'depthwise'), { variant: 'depthwise' });
    const spec = modelSpec(fixture.graphModelJson);
    const n = 16;
    const x = seededValues(3, n * 72).map((v) => Math.min(1, Math.max(0, v)));
    const labels = await predictedLabels(spec, x, n);
    expectAgreement(await runOn('webgpu', spec, x, labels, 0.05), await runOn('cpu', spec, x, labels, 0.05), 1e-4);
  });

  it('converter-style GraphModel (fused depthwise + pointwise, softmax head): logits, gradients, FGSM and PGD agree', async () => {
    const path = writeConvertedGraphModel(join(dir, 'converted'), 'softmax');
    const spec = modelSpec(path);
    const n = 16;
    const x = seededValues(4, n * 8 * 8 * 3).map((v) => Math.min(1, Math.max(0, v)));
    const labels = await predictedLabels(spec, x, n);
    expectAgreement(await runOn('webgpu', spec, x, labels, 0.03), await runOn('cpu', spec, x, labels, 0.03), 1e-4);
  });
});

if (!dawnInstalled) {
  describe('webgpu backend (optional package absent)', () => {
    it.skip('skipped: the optional package "webgpu" (Dawn) is not installed, so there is no WebGPU to test', () => undefined);
  });
}
