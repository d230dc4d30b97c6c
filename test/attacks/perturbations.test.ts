import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attackRegistry } from '../../attacks/registry.js';
import { InputError } from '../../src/errors.js';
import { measurePerturbation } from '../../src/metrics/perturbation-size.js';
import { selectBackend } from '../../src/model/backend.js';
import type { Norm } from '../../src/tensor/norms.js';
import { denseClassifier, randomDense } from '../helpers/classifiers.js';
import { imageClassifier, proposeRows, testImages } from '../helpers/perturbation-harness.js';

/**
 * Every noise and corruption type × budget (docs/reliability.md A1, A2, A4, A6, A8, A9): shape, box,
 * finiteness, input untouched, determinism and batch independence, no leaks; ε = 0 is the
 * identity for noise; more severity changes images more.
 */
const n = 8;
const rows = Array.from({ length: n }, (_, i) => i);
const corruptions = Object.values(attackRegistry).filter((d) => d.kind === 'corruption').map((d) => d.type);
const severities = [1, 2, 3, 4, 5];
const noiseCases: [string, Norm, number[]][] = [
  ['gaussian-noise', 'l2', [0, 0.5, 2]], ['gaussian-noise', 'linf', [0, 0.03, 0.2]], ['gaussian-noise', 'l1', [0, 5, 40]],
  ['uniform-noise', 'linf', [0, 0.03, 0.2]], ['uniform-noise', 'l2', [0, 0.5, 2]], ['uniform-noise', 'l1', [0, 5, 40]],
  ['salt-pepper', 'l0', [0, 3, 40.5, 1e6]],
];

beforeAll(async () => {
  await selectBackend('wasm');
});

/** Index of the first value where two arrays differ (−1 when identical): one assertion, not thousands. */
const firstDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => (a.length !== b.length ? 0 : Array.prototype.findIndex.call(a, (v: number, i: number) => v !== b[i]));

/** Checks shared by every case; returns the perturbed batch. */
function checkCase(type: string, channels: number, budget: number, norm?: Norm): Float32Array {
  const shape: [number, number, number] = [20, 20, channels];
  const classifier = imageClassifier(shape);
  const x = testImages(n, shape);
  const copy = Float32Array.from(x);
  const before = tf.memory().numTensors;
  const out = proposeRows({ type, classifier, x, rows, budget, norm });
  expect(tf.memory().numTensors).toBe(before); // A9
  expect(out.length).toBe(x.length); // A6: shape (dtype float32 by construction of dataSync)
  expect(firstDifference(x, copy)).toBe(-1); // input not mutated
  expect(out.findIndex((v) => !Number.isFinite(v) || v < 0 || v > 1)).toBe(-1); // finite, in the box
  expect(firstDifference(proposeRows({ type, classifier, x, rows, budget, norm }), out)).toBe(-1); // same seed, same result
  // A8: the same samples in other batches (split unevenly, in another order) give the same values.
  const size = out.length / n;
  for (const part of [[5, 6, 7, 0], [3, 2, 1, 4]]) {
    const again = proposeRows({ type, classifier, x, rows: part, budget, norm });
    part.forEach((row, i) => expect(firstDifference(again.subarray(i * size, (i + 1) * size), out.subarray(row * size, (row + 1) * size))).toBe(-1));
  }
  classifier.dispose();
  return out;
}

/** Mean |δ| per value between two batches. */
const meanChange = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

describe.each(noiseCases)('%s (%s)', (type, norm, budgets) => {
  it.each(budgets)('ε = %f: inside the ε-ball and the box, deterministic, batch-independent, no leaks', (epsilon) => {
    const out = checkCase(type, 1, epsilon, norm);
    const x = testImages(n, [20, 20, 1]);
    for (let i = 0; i < n; i++) expect(measurePerturbation(x, out, i * 400, 400)[norm]).toBeLessThanOrEqual(epsilon + 1e-6);
    if (epsilon === 0) expect(out).toEqual(x); // A4
  });
});

describe.each(corruptions)('%s', (type) => {
  it.each(severities.flatMap((severity) => [[severity, 1], [severity, 3]]))('severity %i, %i channel(s): in the box, deterministic, batch-independent, no leaks', (severity, channels) => {
    checkCase(type, channels, severity);
  });

  it('changes images more as the severity grows', () => {
    const x = testImages(n, [20, 20, 1]);
    const classifier = imageClassifier([20, 20, 1]);
    const changes = severities.map((severity) => meanChange(proposeRows({ type, classifier, x, rows, budget: severity }), x));
    classifier.dispose();
    expect(changes[0]).toBeGreaterThan(0);
    for (let s = 1; s < 5; s++) expect(changes[s]).toBeGreaterThanOrEqual(changes[s - 1]! - 1e-7);
    expect(changes[4]).toBeGreaterThan(changes[0]!);
  });

  it('commutes with the input range: the box [−1, 3] gives the [0, 1] result mapped affinely', () => {
    const unit = testImages(n, [20, 20, 1]);
    const scaled = Float32Array.from(unit, (v) => -1 + 4 * v);
    const [plain, wide] = [imageClassifier([20, 20, 1]), imageClassifier([20, 20, 1], [-1, 3])];
    const expected = proposeRows({ type, classifier: plain, x: unit, rows, budget: 4 }).map((v) => -1 + 4 * v);
    const actual = proposeRows({ type, classifier: wide, x: scaled, rows, budget: 4 });
    expect(Array.from(actual)).toEqual(Array.from(expected).map((v) => expect.closeTo(v, 4)));
    plain.dispose();
    wide.dispose();
  });

  it('refuses inputs that are not images with a typed error saying what to use', () => {
    const tabular = denseClassifier([randomDense(3, 12, 3)]);
    expect(() => proposeRows({ type, classifier: tabular, x: new Float32Array(24).fill(0.5), rows: [0, 1], budget: 1 })).toThrow(InputError);
    expect(() => proposeRows({ type, classifier: tabular, x: new Float32Array(24).fill(0.5), rows: [0, 1], budget: 1 })).toThrow(/needs \[height, width, channels\].*gaussian-noise/);
    tabular.dispose();
  });
});

describe('noise specifics', () => {
  const x = testImages(n, [20, 20, 1]);
  const classifier = imageClassifier([20, 20, 1]);

  it('uniform-noise L∞ fills the cube [−ε, ε]; L2 and L1 rescale to ε less a float32 rounding margin', () => {
    const linf = proposeRows({ type: 'uniform-noise', classifier, x, rows, budget: 0.04, norm: 'linf' });
    const deltas = Array.from(linf, (v, i) => Math.abs(v - x[i]!));
    expect(Math.max(...deltas)).toBeGreaterThan(0.039);
    expect(deltas.reduce((a, b) => a + b, 0) / deltas.length).toBeCloseTo(0.02, 2); // mean of |U(−ε, ε)| = ε/2
    for (const norm of ['l2', 'l1'] as const) {
      const out = proposeRows({ type: 'uniform-noise', classifier, x, rows, budget: 0.5, norm });
      for (let i = 0; i < n; i++) {
        expect(measurePerturbation(x, out, i * 400, 400)[norm]).toBeLessThanOrEqual(0.5);
        expect(measurePerturbation(x, out, i * 400, 400)[norm]).toBeGreaterThan(0.5 - 1e-4);
      }
    }
  });

  it('salt-pepper sets exactly ⌊ε⌋ values to the box ends, nested across ε, and saltRatio picks the end', () => {
    const small = proposeRows({ type: 'salt-pepper', classifier, x, rows, budget: 10.9 });
    const large = proposeRows({ type: 'salt-pepper', classifier, x, rows, budget: 60 });
    const changed = (out: Float32Array, i: number) => out.slice(i * 400, (i + 1) * 400).reduce<number[]>((at, v, k) => (v !== x[i * 400 + k] ? [...at, k] : at), []);
    for (let i = 0; i < n; i++) {
      expect(changed(small, i)).toHaveLength(10);
      expect(changed(large, i)).toHaveLength(60);
      expect(changed(large, i)).toEqual(expect.arrayContaining(changed(small, i)));
      for (const k of changed(large, i)) expect([0, 1]).toContain(large[i * 400 + k]);
    }
    const salt = proposeRows({ type: 'salt-pepper', classifier, x, rows, budget: 60, params: { saltRatio: 1 } });
    expect(salt.filter((v, k) => v !== x[k]).every((v) => v === 1)).toBe(true);
  });
});

describe('repeats keeps the worst case', () => {
  it.each([['uniform-noise', 'linf', 0.25], ['gaussian-noise', 'l2', 3], ['salt-pepper', 'l0', 60]] as const)('%s: every sample broken by one draw stays broken with more draws, and more break', async (type, norm, epsilon) => {
    const { runCase } = await import('../helpers/attack-harness.js');
    const shape: [number, number, number] = [20, 20, 1];
    const classifier = imageClassifier(shape);
    const count = 48;
    const x = testImages(count, shape);
    const labels = tf.tidy(() => classifier.logits(tf.tensor(x, [count, ...shape])).argMax(1).dataSync() as Int32Array);
    const robust = async (repeats: number) => Array.from((await runCase({ classifier, x, labels, type, norm, budget: epsilon, params: { repeats } })).robust);
    const before = tf.memory().numTensors;
    const once = await robust(1);
    const many = await robust(8);
    expect(tf.memory().numTensors).toBe(before);
    many.forEach((value, i) => expect(value).toBeLessThanOrEqual(once[i]!));
    expect(many.reduce((a, b) => a + b, 0)).toBeLessThan(once.reduce((a, b) => a + b, 0));
    classifier.dispose();
  });
});
