/**
 * The `toBeRobust` matcher and `checkRobustness`: same numbers for a model given as a path or in
 * memory and for data given as a file, arrays or tensors; invalid options named; no tensors left
 * behind; readable failures. The demo CNN checks the real thing: it passes a floor it clears, and
 * a weakened copy fails with a message that states the floor, the measurement and its interval.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeNpz } from '../../src/data/npz.js';
import { InputError } from '../../src/errors.js';
import { selectBackend } from '../../src/model/backend.js';
import { checkRobustness, robustMatchers, type RobustnessOptions } from '../../src/vitest/index.js';
import { createFixtureProject } from '../helpers/cli-fixture.js';
import { writeGraphModelFixture } from '../fixtures/models/graph-model-fixture.js';

expect.extend(robustMatchers);

const root = resolve(import.meta.dirname, '../..');
const demoModel = join(root, 'suites/models/fashion-cnn/model.json');
const demoData = join(root, 'suites/data/fashion-mnist-test-1k.npz');

/** A model.json + weights.bin folder loaded as an in-memory tf.LayersModel. */
async function loadInMemory(modelJsonPath: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(modelJsonPath, 'utf8'));
  const weights = readFileSync(join(modelJsonPath, '../weights.bin'));
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  }));
}

let project: { dir: string };
let modelPath: string;
let dataPath: string;
const options = (overrides: Partial<RobustnessOptions> = {}): RobustnessOptions => ({
  attack: 'fgsm', norm: 'linf', epsilon: 0.05, minAccuracy: 0.2, data: dataPath, samples: 40, ...overrides,
});

beforeAll(async () => {
  await selectBackend('wasm');
  project = await createFixtureProject();
  modelPath = join(project.dir, 'models/mlp/model.json');
  dataPath = join(project.dir, 'data/tiny.npz');
});

describe('checkRobustness on the tiny MLP', () => {
  it('gives the same result for a model.json path and the same model in memory, and leaves no tensors', async () => {
    const fromPath = await checkRobustness(modelPath, options());
    const model = await loadInMemory(modelPath);
    const before = tf.memory().numTensors;
    const fromMemory = await checkRobustness(model, options());
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    expect(fromPath.report.samples).toBe(40);
    expect(fromMemory.threshold).toEqual(fromPath.threshold);
    expect(fromMemory.result.robustCount).toBe(fromPath.result.robustCount);
    expect(fromMemory.report.outcomes).toEqual(fromPath.report.outcomes);
    expect(fromMemory.report.model.path).toContain('[in-memory LayersModel]');
  });

  it('gives the same result for the data file, flat arrays with a shape, and tensors', async () => {
    const arrays = decodeNpz(readFileSync(dataPath));
    const x = Float32Array.from(arrays.x!.values);
    const y = Array.from(arrays.y!.values);
    const fromFile = await checkRobustness(modelPath, options());
    const fromArrays = await checkRobustness(modelPath, options({ data: { x, y, shape: arrays.x!.shape } }));
    const xTensor = tf.tensor(x, arrays.x!.shape);
    const yTensor = tf.tensor1d(y, 'int32');
    const fromTensors = await checkRobustness(modelPath, options({ data: { x: xTensor, y: yTensor } }));
    expect(xTensor.isDisposed).toBe(false);
    tf.dispose([xTensor, yTensor]);
    expect(fromArrays.report.outcomes).toEqual(fromFile.report.outcomes);
    expect(fromTensors.report.outcomes).toEqual(fromFile.report.outcomes);
    expect(fromArrays.threshold.actual).toBe(fromFile.threshold.actual);
  });

  it('evaluates an in-memory GraphModel like its model.json', async () => {
    const fixture = await writeGraphModelFixture(mkdtempSync(join(tmpdir(), 'robustcheck-graph-')));
    const json = JSON.parse(readFileSync(fixture.graphModelJson, 'utf8'));
    const weights = readFileSync(join(fixture.graphModelJson, '../weights.bin'));
    const graph = await tf.loadGraphModel(tf.io.fromMemory({
      modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, signature: json.signature,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }));
    const x = tf.tidy(() => tf.randomUniform([30, ...fixture.inputShape], 0, 1, 'float32', 11));
    const graphOptions = options({ data: { x }, epsilon: 0.1, minAccuracy: 0 });
    const fromMemory = await checkRobustness(graph, graphOptions);
    const fromPath = await checkRobustness(fixture.graphModelJson, graphOptions);
    tf.dispose([x]);
    graph.dispose();
    expect(fromMemory.report.model.format).toBe('graph');
    expect(fromMemory.report.data.labels).toBe('predicted');
    expect(fromMemory.report.outcomes).toEqual(fromPath.report.outcomes);
  });

  it('takes the seed from ROBUSTCHECK_SEED unless the options give one, and names a bad value', async () => {
    vi.stubEnv('ROBUSTCHECK_SEED', '9');
    try {
      expect((await checkRobustness(modelPath, options())).report.seed).toBe(9);
      expect((await checkRobustness(modelPath, options({ seed: 3 }))).report.seed).toBe(3);
      vi.stubEnv('ROBUSTCHECK_SEED', 'x');
      await expect(checkRobustness(modelPath, options())).rejects.toThrow(/ROBUSTCHECK_SEED="x" is not a seed/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it.each([
    ['a negative epsilon', { epsilon: -0.1 }, /epsilon: .*≥ 0/],
    ['an invalid attack parameter', { attack: 'pgd', params: { steps: -1 } }, /params\.steps: /],
    ['an unknown attack', { attack: 'pdg' }, /attack: unknown attack type "pdg" — did you mean 'pgd'\?/],
    ['a floor written as a string', { minAccuracy: '0.5' as unknown as number }, /minAccuracy: .*remove the quotes/],
  ])('names the option for %s', async (_, overrides, message) => {
    const error = await checkRobustness(modelPath, options(overrides)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^toBeRobust options are invalid:/);
    expect((error as InputError).message).toMatch(message);
  });

  it.each([
    ['samples of the wrong shape', { x: new Float32Array(40 * 9), shape: [40, 3, 3, 1] }, 'DATA_SHAPE', /\[3, 3, 1\] but the model expects \[4, 4, 1\]/],
    ['values outside the input box', { x: new Float32Array(16).fill(2), shape: [1, 4, 4, 1] }, 'DATA_RANGE', /outside inputRange \[0, 1\]/],
    ['labels out of range', { x: new Float32Array(32), shape: [2, 4, 4, 1], y: [0, 7] }, 'DATA_LABELS', /label of sample 1 is 7/],
    ['one label too few', { x: new Float32Array(32), shape: [2, 4, 4, 1], y: [0] }, 'DATA_LABELS', /1 labels for 2 samples/],
  ])('refuses in-memory data with %s (exit 2)', async (_, data, code, message) => {
    const error = await checkRobustness(modelPath, options({ data })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code, exitCode: 2 });
    expect((error as InputError).message).toMatch(message);
  });
});

describe('toBeRobust messages', () => {
  it('says how many samples would decide an inconclusive check', async () => {
    const measured = await checkRobustness(modelPath, options());
    const floor = Math.round(measured.result.robustAccuracy * 100) / 100;
    const failure = await expect(modelPath).toBeRobust(options({ minAccuracy: floor })).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/→ inconclusive/);
    expect((failure as Error).message).toMatch(/inconclusive: (about \d+ samples at this rate would decide it|more samples would not decide it)/);
  });

  it('explains a negated failure', async () => {
    const failure = await expect(modelPath).not.toBeRobust(options({ minAccuracy: 0 })).catch((error: Error) => error);
    expect((failure as Error).message).toMatch(/^expected model not to be robust to fgsm \(linf, ε = 0\.05\) on 40 samples, but it cleared the floor/);
  });
});

describe('toBeRobust on the demo Fashion-MNIST CNN', () => {
  const pgd = { attack: 'pgd', norm: 'linf', epsilon: 0.01, params: { steps: 10 }, minAccuracy: 0.6, data: demoData, samples: 100 } as const;

  it('passes where the model clears the floor', async () => {
    await expect(demoModel).toBeRobust(pgd);
  });

  it('fails a weakened copy with the floor, the measurement and its interval', async () => {
    const weakened = await loadInMemory(demoModel);
    const noisy = weakened.getWeights().map((weight, i) => tf.tidy(() =>
      weight.add(tf.randomNormal(weight.shape, 0, 1, 'float32', 100 + i).mul(tf.moments(weight).variance.sqrt()))));
    weakened.setWeights(noisy);
    tf.dispose(noisy);
    const failure = await expect(weakened).toBeRobust(pgd).catch((error: Error) => error);
    weakened.dispose();
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toMatch(/^expected model to be robust to pgd \(linf, ε = 0\.01\) on 100 samples\n/);
    expect(message).toMatch(/ {2}floor {12}≥ 60\.0% {2}\(the whole 95% interval must clear it\)/);
    expect(message).toMatch(/ {2}robust accuracy {4}\d+\.\d% {2}\[\d+\.\d%–\d+\.\d%\] {2}\d+\/100 samples {2}→ fail/);
    expect(message).toMatch(/ {2}clean accuracy {5}\d+\.\d%/);
  });
});
