import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { measurePerturbation } from '../../src/metrics/perturbation-size.js';
import { project, type Norm } from '../../src/tensor/norms.js';
import { denseClassifier, fixtureNumbers, randomDense } from '../helpers/classifiers.js';
import { runCase } from '../helpers/attack-harness.js';
import { proposeWith } from './support/propose.js';
import { tableFromRegistry, type AttackConfig } from './support/registry-table.js';

/**
 * docs/reliability.md A1–A9 for every attack × norm × several ε (targeted variants included), on a
 * small undefended MLP. A1/A2/A6 are checked on the attack's raw proposal (before the runner's
 * own projection), so an attack that relies on the runner to fix its output fails here.
 */
const inputSize = 12;
const samples = 24;
const classifier = denseClassifier([randomDense(11, inputSize, 16, 1.5), randomDense(12, 16, 4, 1.5)]);
const x = Float32Array.from(fixtureNumbers(99, samples * inputSize), (v) => (v + 1) / 2);
let labels: Int32Array;

beforeAll(async () => {
  await selectBackend('wasm');
  labels = tf.tidy(() => classifier.logits(tf.tensor(x, [samples, inputSize])).argMax(1).dataSync() as Int32Array);
});

/**
 * Parameters of each registered ε-ball attack: one case per norm it declares (`params`, or
 * `byNorm` for that norm), plus `variants` (targeted, other losses, restarts).
 */
interface InvariantEntry {
  params?: Record<string, unknown>;
  byNorm?: Partial<Record<Norm, Record<string, unknown>>>;
  variants?: [Norm, Record<string, unknown>][];
}

const cw = { binarySearchSteps: 2, steps: 15 };
const invariantConfig: AttackConfig<InvariantEntry> = {
  fgsm: { variants: [['linf', { target: 'next' }], ['l2', { loss: 'dlr' }]] },
  pgd: { params: { steps: 10 }, variants: [['linf', { steps: 5, restarts: 2, loss: 'margin' }], ['l2', { steps: 5, target: 2 }]] },
  bim: { params: { steps: 5 }, variants: [['linf', { steps: 5, target: 'random', loss: 'margin' }]] },
  mim: { params: { steps: 5 }, variants: [['l2', { steps: 5, target: 'least-likely' }]] },
  apgd: {
    params: { steps: 10 },
    variants: [['linf', { steps: 10, loss: 'dlr', restarts: 2 }], ['linf', { steps: 10, loss: 'dlr', target: 'next' }], ['l2', { steps: 10, target: 'least-likely' }]],
  },
  'apgd-t': { params: { steps: 5 }, byNorm: { linf: { steps: 5, targetClasses: 2 } } },
  fab: { params: { steps: 5 }, variants: [['linf', { steps: 5, targeted: false, restarts: 2 }]] },
  square: { params: { queries: 40 }, byNorm: { l2: { queries: 40, restarts: 2 } } },
  autoattack: { params: { version: 'standard' } },
  'cw-l2': { params: cw, variants: [['l2', { ...cw, target: 'next', confidence: 0.5 }]] },
  deepfool: { byNorm: { linf: { candidates: 3 } }, variants: [['l2', { target: 'random' }]] },
  'gaussian-noise': { byNorm: { linf: { repeats: 3 } } },
  'uniform-noise': {},
  'salt-pepper': {},
};

// Every registered attack with an ε budget, in each of its norms (corruptions have severities, no ε-ball).
const table = tableFromRegistry(
  invariantConfig,
  (definition) => definition.budget === 'epsilons',
  (definition, entry) => [
    ...definition.norms.map((norm): [string, Norm, Record<string, unknown>] => [definition.type, norm, entry.byNorm?.[norm] ?? entry.params ?? {}]),
    ...(entry.variants ?? []).map(([norm, params]): [string, Norm, Record<string, unknown>] => [definition.type, norm, params]),
  ],
  'invariantConfig in test/attacks/invariants.test.ts (parameters for each of its norms)',
);
const cases = table.rows;

it('the table covers every registered attack that searches inside an ε-ball, in each of its norms', () => {
  expect(table.missing).toEqual([]);
});
const budgets: Record<Norm, number[]> = { linf: [0, 0.02, 0.1, 0.4], l2: [0, 0.1, 0.5, 2], l1: [0, 0.5, 2, 6], l0: [0, 1, 3, 6] };

describe.each(cases)('%s (%s) %o', (type, norm, params) => {
  const epsilons = budgets[norm];

  it.each(epsilons)('ε = %f: raw proposal inside the ε-ball and the box, finite, same shape, input untouched, no leak (A1, A2, A6, A9)', (epsilon) => {
    const before = tf.memory().numTensors;
    const { x: clean, proposal } = proposeWith({ classifier, x, labels, type, norm, budget: epsilon, params });
    expect(proposal.shape).toEqual(clean.shape);
    expect(proposal.dtype).toBe('float32');
    const adversarial = proposal.dataSync();
    expect(Array.from(clean.dataSync())).toEqual(Array.from(x)); // input not mutated
    for (let i = 0; i < samples; i++) {
      const size = measurePerturbation(x, adversarial, i * inputSize, inputSize);
      expect(size[norm]).toBeLessThanOrEqual(epsilon + 1e-6);
    }
    for (const value of adversarial) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    clean.dispose();
    proposal.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ε = 0 returns the input exactly and robust accuracy equals clean accuracy (A4)', async () => {
    const { x: clean, proposal } = proposeWith({ classifier, x, labels, type, norm, budget: 0, params });
    expect(Array.from(proposal.dataSync())).toEqual(Array.from(x));
    clean.dispose();
    proposal.dispose();
    const outcome = await runCase({ classifier, x, labels, type, norm, budget: 0, params });
    expect(Array.from(outcome.robust)).toEqual(Array(samples).fill(1));
  });

  it('the proposal is a fixed point of the runner\'s projection, and projecting twice changes nothing (A3)', () => {
    const epsilon = epsilons[2]!;
    const { x: clean, proposal, targets } = proposeWith({ classifier, x, labels, type, norm, budget: epsilon, params });
    expect(targets === undefined).toBe(params.target === undefined);
    targets?.forEach((target, i) => expect(target).not.toBe(labels[i])); // never the true class
    const [raw, once, twice] = tf.tidy(() => {
      const first = project(clean, proposal, epsilon, norm, [0, 1]);
      return [proposal.dataSync(), first.dataSync(), project(clean, first, epsilon, norm, [0, 1]).dataSync()];
    });
    raw.forEach((value, i) => expect(once[i]).toBeCloseTo(value, 6));
    once.forEach((value, i) => expect(twice[i]).toBeCloseTo(value, 6));
    clean.dispose();
    proposal.dispose();
  });

  it('same seed gives identical outcomes; batch size and order do not matter (A8)', async () => {
    const epsilon = epsilons[2]!;
    const first = await runCase({ classifier, x, labels, type, norm, budget: epsilon, params, batchSize: 24 });
    const again = await runCase({ classifier, x, labels, type, norm, budget: epsilon, params, batchSize: 24 });
    const small = await runCase({ classifier, x, labels, type, norm, budget: epsilon, params, batchSize: 5 });
    expect(Array.from(again.robust)).toEqual(Array.from(first.robust));
    expect(again.sizes.map((s) => s[norm])).toEqual(first.sizes.map((s) => s[norm]));
    expect(Array.from(small.robust)).toEqual(Array.from(first.robust));
    expect(small.sizes.map((s) => s[norm])).toEqual(first.sizes.map((s) => s[norm]).map((v) => expect.closeTo(v, 5)));
  });

  it('runner re-verifies on the final tensor and leaks no tensors (A7, A9)', async () => {
    const before = tf.memory().numTensors;
    const outcome = await runCase({ classifier, x, labels, type, norm, budget: epsilons[3]!, params });
    expect(tf.memory().numTensors).toBe(before);
    expect(outcome.finished).toBe(true);
    expect(outcome.sizes).toHaveLength(samples);
  });
});
