import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import type { Norm } from '../../src/tensor/norms.js';
import { denseClassifier, fixtureNumbers, randomDense } from '../helpers/classifiers.js';
import { runCase } from '../helpers/attack-harness.js';

/**
 * docs/reliability.md B12 on an undefended toy MLP (20 → 32 → 5, fixed weights): untargeted attacks
 * break it at a generous ε, targeted attacks hit their target on > 70 % of samples, iterative
 * attacks are at least as strong as FGSM, more steps and more restarts never lose a sample, and
 * APGD is at least as strong as PGD with the same number of iterations.
 */
const inputSize = 20;
const samples = 80;
const classifier = denseClassifier([randomDense(31, inputSize, 32, 1.2), randomDense(32, 32, 5, 1.2)]);
const x = Float32Array.from(fixtureNumbers(33, samples * inputSize), (v) => (v + 1) / 2);
let labels: Int32Array;

beforeAll(async () => {
  await selectBackend('wasm');
  labels = tf.tidy(() => classifier.logits(tf.tensor(x, [samples, inputSize])).argMax(1).dataSync() as Int32Array);
});

const count = (flags: ArrayLike<number>) => Array.from(flags).reduce((sum, flag) => sum + flag, 0);
const brokenBy = async (type: string, norm: Norm, budget: number, params: Record<string, unknown> = {}) => {
  const outcome = await runCase({ classifier, x, labels, type, norm, budget, params });
  return Array.from(outcome.robust, (robust) => 1 - robust);
};

const generous: [string, Norm, number, Record<string, unknown>][] = [
  ['fgsm', 'linf', 0.3, {}], ['bim', 'linf', 0.3, {}], ['mim', 'linf', 0.3, {}], ['pgd', 'linf', 0.3, { steps: 20 }],
  ['apgd', 'linf', 0.3, { steps: 20 }], ['apgd', 'l2', 1.5, { steps: 20, loss: 'dlr' }], ['pgd', 'l2', 1.5, { steps: 20 }],
  ['cw-l2', 'l2', 1.5, { binarySearchSteps: 4, steps: 50 }], ['deepfool', 'l2', 1.5, {}], ['deepfool', 'linf', 0.3, {}],
];

describe('strength on an undefended toy model (B12)', () => {
  it.each(generous)('%s (%s, ε = %f) breaks most samples: adversarial accuracy < 0.5', async (type, norm, budget, params) => {
    const broken = await brokenBy(type, norm, budget, params);
    expect(count(broken) / samples).toBeGreaterThan(0.5);
  });

  const targeted: [string, Norm, number, Record<string, unknown>][] = [
    ['bim', 'linf', 0.4, { steps: 20, target: 'next' }], ['mim', 'linf', 0.4, { steps: 20, target: 'random' }],
    ['pgd', 'linf', 0.4, { steps: 20, target: 'least-likely' }], ['pgd', 'l2', 2, { steps: 20, target: 'next', loss: 'margin' }],
    ['apgd', 'linf', 0.4, { steps: 20, target: 'next', loss: 'dlr' }], ['apgd', 'l2', 2, { steps: 20, target: 'least-likely' }],
    ['cw-l2', 'l2', 2, { binarySearchSteps: 4, steps: 50, stepSize: 0.05, target: 'next' }], ['deepfool', 'l2', 2, { target: 'random' }],
  ];
  it.each(targeted)('targeted %s (%s, ε = %f, %o) reaches the target on > 70 % of samples', async (type, norm, budget, params) => {
    const outcome = await runCase({ classifier, x, labels, type, norm, budget, params });
    expect(count(outcome.hits!) / samples).toBeGreaterThan(0.7);
  });

  it.each([0.05, 0.1, 0.2])('PGD, BIM and APGD break at least as many samples as FGSM (ε = %f)', async (epsilon) => {
    const fgsm = count(await brokenBy('fgsm', 'linf', epsilon));
    for (const [type, params] of [['pgd', { steps: 10 }], ['bim', {}], ['apgd', { steps: 10 }]] as const) {
      expect(count(await brokenBy(type, 'linf', epsilon, params))).toBeGreaterThanOrEqual(fgsm);
    }
  });

  it.each([['pgd', { steps: 5 }], ['apgd', { steps: 5 }]] as const)('%s: restarts never lose a sample the first restart broke', async (type, params) => {
    const one = await brokenBy(type, 'linf', 0.05, { ...params, restarts: 1 });
    const three = await brokenBy(type, 'linf', 0.05, { ...params, restarts: 3 });
    one.forEach((broken, i) => { if (broken) expect(three[i]).toBe(1); });
    expect(count(three)).toBeGreaterThan(count(one)); // the extra restarts do something here
  });

  it('more steps never lose a sample (best iterate, not last): BIM with 5 vs 15 steps of ε/2', async () => {
    const short = await brokenBy('bim', 'linf', 0.06, { steps: 5, relativeStepSize: 0.5 });
    const long = await brokenBy('bim', 'linf', 0.06, { steps: 15, relativeStepSize: 0.5 });
    short.forEach((broken, i) => { if (broken) expect(long[i]).toBe(1); });
  });

  it('minimal perturbations: C&W finds smaller L2 adversarials than DeepFool (median), both break every sample', async () => {
    const minimal = async (type: string, params: Record<string, unknown>) => {
      const outcome = await runCase({ classifier, x, labels, type, norm: 'l2', budget: 1, params });
      return Array.from(outcome.minimal!).sort((a, b) => a - b);
    };
    const cw = await minimal('cw-l2', { binarySearchSteps: 4, steps: 50, stepSize: 0.05 });
    const deepfool = await minimal('deepfool', {});
    expect(cw.filter(Number.isFinite)).toHaveLength(samples);
    expect(deepfool.filter(Number.isFinite)).toHaveLength(samples);
    expect(cw[samples / 2]!).toBeLessThanOrEqual(deepfool[samples / 2]!);
  });

  it.each([0.03, 0.06])('APGD breaks at least as many samples as PGD with the same iterations (ε = %f)', async (epsilon) => {
    const pgd = count(await brokenBy('pgd', 'linf', epsilon, { steps: 20 }));
    const apgd = count(await brokenBy('apgd', 'linf', epsilon, { steps: 20 }));
    expect(apgd).toBeGreaterThanOrEqual(pgd);
  });
});
