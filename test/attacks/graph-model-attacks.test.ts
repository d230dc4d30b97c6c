import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeNpz } from '../../src/data/npz.js';
import { selectBackend } from '../../src/model/backend.js';
import { loadClassifier } from '../../src/model/load-model.js';
import type { RunEvent } from '../../src/events/run-event.js';
import { runSuites } from '../../src/runner/run-suites.js';
import { loadSuite } from '../../src/suite/index.js';
import type { SuiteReport } from '../../src/report/report-types.js';
import { writeConvertedGraphModel, writeSortingGraphModel, convertedInputShape } from '../fixtures/models/converted-graph-fixture.js';
import { writeGraphModelFixture } from '../fixtures/models/graph-model-fixture.js';
import { fixtureNumbers } from '../helpers/classifiers.js';

/**
 * Done 7 of the attack issue: on converted GraphModels — depthwise convolutions, a MobileNet-style
 * graph with fused convolutions, separable block, FusedBatchNormV3, AddV2 and Relu6, softmax,
 * single-sigmoid and logits heads — with `labels: "predicted"`, FGSM and PGD run on the wasm
 * backend and give robust-accuracy curves that are non-increasing in ε and actually break samples.
 * A model without usable gradients says so, and gradient-free perturbations still run.
 */
let root: string;
let counter = 0;

beforeAll(async () => {
  await selectBackend('wasm');
  root = mkdtempSync(join(tmpdir(), 'robustcheck-graph-attacks-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const epsilons = [0.005, 0.02, 0.05, 0.2];

/** Writes data (inputs in [0, 1]) and a suite next to `modelPath`, runs it on wasm, returns the report and log events. */
async function runOn(modelPath: string, inputShape: number[], attacks: object[]): Promise<{ report: SuiteReport; logs: RunEvent[] }> {
  const dir = join(root, `suite-${counter++}`);
  mkdirSync(dir, { recursive: true });
  const count = 48;
  const length = inputShape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from(fixtureNumbers(40 + counter, count * length), (v) => (v + 1) / 2);
  writeFileSync(join(dir, 'data.npz'), encodeNpz({ x: { values: x, shape: [count, ...inputShape] }, y: { values: new Uint8Array(count), shape: [count] } }));
  const suitePath = join(dir, 'graph.suite.json');
  writeFileSync(suitePath, JSON.stringify({
    id: 'graph', seed: 5, model: { path: modelPath }, data: { path: 'data.npz', labels: 'predicted', batchSize: 16 }, attacks,
  }));
  const events: RunEvent[] = [];
  const { reports } = await runSuites([await loadSuite(suitePath)], { backend: 'wasm', emit: (event) => events.push(event) });
  return { report: reports[0]!, logs: events.filter((event) => event.type === 'log') };
}

const gradientAttacks = [
  { id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons },
  { id: 'pgd', type: 'pgd', norm: 'linf', epsilons, steps: 10 },
  { id: 'noise', type: 'gaussian-noise', norm: 'l2', epsilons: [0.5, 2] },
];

const fixtures: [string, () => Promise<{ path: string; shape: number[] }>, string][] = [
  ['depthwise CNN with a softmax head', async () => {
    const written = await writeGraphModelFixture(join(root, `fixture-${counter++}`), { variant: 'depthwise', head: 'softmax', seed: 3 });
    return { path: written.graphModelJson, shape: written.inputShape };
  }, 'probabilities'],
  ['converted MobileNet-style graph (fused conv, separable, batch norm, AddV2) with softmax', async () => (
    { path: writeConvertedGraphModel(join(root, `fixture-${counter++}`), 'softmax'), shape: convertedInputShape }), 'probabilities'],
  ['the same graph with a logits head', async () => (
    { path: writeConvertedGraphModel(join(root, `fixture-${counter++}`), 'logits'), shape: convertedInputShape }), 'logits'],
  ['the same graph as a single-sigmoid binary classifier', async () => (
    { path: writeConvertedGraphModel(join(root, `fixture-${counter++}`), 'sigmoid', 12), shape: convertedInputShape }), 'sigmoid'],
];

describe('gradient attacks on converted GraphModels (wasm, labels: "predicted")', () => {
  it.each(fixtures)('%s: FGSM/PGD curves are non-increasing in ε and break samples; no gradient warnings', async (_name, build, outputKind) => {
    const { path, shape } = await build();
    const { report, logs } = await runOn(path, shape, gradientAttacks);
    expect(report.error).toBeUndefined();
    expect(report.complete).toBe(true);
    expect(report.model.outputKind).toBe(outputKind);
    expect(report.clean.accuracy).toBe(1); // labels are the model's own predictions
    expect(logs).toEqual([]);
    for (const attack of report.attacks.slice(0, 2)) {
      const curve = attack.results.map((result) => result.robustAccuracy);
      expect(curve).toHaveLength(epsilons.length);
      curve.slice(1).forEach((value, i) => expect(value).toBeLessThanOrEqual(curve[i]!));
      expect(curve.at(-1)!).toBeLessThan(1); // the gradient moved something
      expect(attack.minimalPerturbation?.broken).toBe(Math.round((1 - curve.at(-1)!) * report.samples));
    }
    const [fgsm, pgd] = report.attacks;
    pgd!.results.forEach((result, i) => expect(result.robustAccuracy).toBeLessThanOrEqual(fgsm!.results[i]!.robustAccuracy + 0.05));
  });

  it('input gradients of the converted graph match finite differences (so attacks follow the real loss)', async () => {
    const path = writeConvertedGraphModel(join(root, `fixture-${counter++}`), 'softmax');
    const { classifier } = await loadClassifier({ path, format: 'auto', inputRange: [0, 1], output: 'auto' } as Parameters<typeof loadClassifier>[0]);
    const length = convertedInputShape.reduce((a, b) => a * b, 1);
    const x = tf.tensor(Float32Array.from(fixtureNumbers(7, 2 * length), (v) => (v + 1) / 2), [2, ...convertedInputShape]);
    const direction = tf.tensor(Float32Array.from(fixtureNumbers(8, 2 * length)), x.shape);
    const weights = tf.tensor2d(fixtureNumbers(9, 10), [2, 5]);
    const objective = (input: tf.Tensor) => classifier.logits(input).mul(weights).sum() as tf.Scalar;
    const [analytic, numeric] = tf.tidy(() => {
      const h = 1e-3;
      const slope = tf.grad(objective)(x).mul(direction).sum().dataSync()[0]!;
      const up = objective(x.add(direction.mul(h))).dataSync()[0]!;
      const down = objective(x.sub(direction.mul(h))).dataSync()[0]!;
      return [slope, (up - down) / (2 * h)];
    });
    expect(Math.abs(analytic)).toBeGreaterThan(1e-2);
    expect(analytic).toBeCloseTo(numeric, 1);
    expect(Math.abs(analytic - numeric) / Math.abs(analytic)).toBeLessThan(0.02);
    tf.dispose([x, direction, weights]);
    classifier.dispose();
  });

  it('a model without input gradients (TopKV2): the attack is skipped with a clear warning, noise still runs', async () => {
    const path = writeSortingGraphModel(join(root, `fixture-${counter++}`));
    const { report, logs } = await runOn(path, [4], [
      { id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.1, 0.3] },
      { id: 'noise', type: 'gaussian-noise', norm: 'l2', epsilons: [0.5, 3] },
    ]);
    const [fgsm, noise] = report.attacks;
    expect(fgsm!.results).toEqual([]);
    expect(fgsm!.skipped).toMatch(/no input gradient.*TopK/);
    expect(noise!.results).toHaveLength(2);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ type: 'log', level: 'warn', suiteId: 'graph' });
    expect((logs[0] as { message: string }).message).toMatch(/^fgsm: the model has no input gradient .*Gradient-free perturbations still run/);
  });

  it('a model whose input gradient is exactly zero (a Round op at the input) is reported once per attack', async () => {
    const written = await writeGraphModelFixture(join(root, `fixture-${counter++}`), { seed: 9 });
    const json = JSON.parse(readFileSync(written.graphModelJson, 'utf8'));
    json.modelTopology.node.push({ name: 'rounded', op: 'Round', input: ['input'], attr: {} });
    const conv = json.modelTopology.node.find((node: { name: string }) => node.name === 'conv/Conv2D');
    conv.input = ['rounded', 'conv/kernel'];
    writeFileSync(written.graphModelJson, JSON.stringify(json));
    const { report, logs } = await runOn(written.graphModelJson, written.inputShape, [
      { id: 'pgd', type: 'pgd', norm: 'linf', epsilons: [0.01, 0.1], steps: 3, randomStart: false },
      { id: 'noise', type: 'gaussian-noise', norm: 'l2', epsilons: [1] },
    ]);
    expect(report.error).toBeUndefined();
    expect(report.attacks[0]!.results.map((result) => result.robustAccuracy)).toEqual([1, 1]);
    expect(logs.map((event) => (event as { message: string }).message)).toEqual([expect.stringMatching(/^pgd: the input gradient is exactly zero for every sample of a batch/)]);
  });
});
