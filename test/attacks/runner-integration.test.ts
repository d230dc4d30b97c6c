import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDataset } from '../../src/data/dataset.js';
import { summarizeMinimalPerturbations } from '../../src/metrics/minimal-perturbation.js';
import { selectBackend } from '../../src/model/backend.js';
import type { Classifier } from '../../src/model/classifier.js';
import { runCleanPass } from '../../src/runner/clean-pass.js';
import { runAttack } from '../../src/runner/run-attack.js';
import type { Norm } from '../../src/tensor/norms.js';
import { denseClassifier, fixtureNumbers, randomDense } from '../helpers/classifiers.js';
import { resolvedAttack, runCase } from '../helpers/attack-harness.js';

/**
 * The runner side of the attack library: FGSM computes one gradient per sample for all its ε and
 * gives the same results as one-step PGD at each ε; the per-sample minimal perturbation of ε
 * sweeps and minimisation attacks; warnings reach the runner once per attack.
 */
const inputSize = 16;
const samples = 60;
const base = denseClassifier([randomDense(41, inputSize, 24, 1.3), randomDense(42, 24, 4, 1.3)]);
const x = Float32Array.from(fixtureNumbers(43, samples * inputSize), (v) => (v + 1) / 2);
const dataset = new InMemoryDataset([inputSize], x, new Int32Array(samples));
const indices = Array.from({ length: samples }, (_, i) => i);

beforeAll(async () => {
  await selectBackend('wasm');
});

/** The classifier with a counter of backward passes through it (an identity whose gradient counts). */
function countingBackward(inner: Classifier): { classifier: Classifier; backward(): number } {
  let count = 0;
  const tap = tf.customGrad((t: tf.Tensor) => ({ value: t.clone(), gradFunc: (dy: tf.Tensor) => { count++; return dy; } }));
  return { classifier: { ...inner, logits: (input) => tap(inner.logits(input)) as tf.Tensor2D }, backward: () => count };
}

async function attackRun(classifier: Classifier, type: string, norm: Norm, budgets: number[], params: Record<string, unknown> = {}, warnings: string[] = []) {
  const clean = runCleanPass(classifier, dataset, indices, 16, 'predicted');
  const { attack, definition } = resolvedAttack(type, norm, budgets, params);
  const outcomes = await runAttack({
    classifier, dataset, attack, definition, indices, clean, seed: 4, batchSize: 16,
    onProgress: () => undefined, onCase: () => undefined, onWarning: (message) => warnings.push(message),
  });
  return { outcomes, clean };
}

describe('FGSM: one gradient for all its ε', () => {
  const budgets = [0.01, 0.03, 0.1, 0.3];

  it('computes one backward pass per batch for the whole sweep', async () => {
    const counting = countingBackward(base);
    await attackRun(counting.classifier, 'fgsm', 'linf', budgets);
    expect(counting.backward()).toBe(Math.ceil(samples / 16));
  });

  it.each(['linf', 'l2'] as const)('gives exactly the results of one-step PGD (step ε, no random start) at every ε (%s)', async (norm) => {
    const scale = norm === 'l2' ? 4 : 1;
    const { outcomes, clean } = await attackRun(base, 'fgsm', norm, budgets.map((b) => b * scale));
    const labels = clean.labels;
    let stillRobust = Uint8Array.from(clean.correct);
    for (const [k, budget] of budgets.map((b) => b * scale).entries()) {
      const step = await runCase({ classifier: base, x, labels, type: 'pgd', norm, budget, params: { steps: 1, stepSize: budget, randomStart: false } });
      stillRobust = stillRobust.map((robust, i) => robust & step.robust[i]!);
      expect(Array.from(outcomes.cases[k]!.robust)).toEqual(Array.from(stillRobust));
      outcomes.cases[k]!.sizes.forEach((size, i) => {
        if (clean.correct[i] && (k === 0 || outcomes.cases[k - 1]!.robust[i])) expect(size![norm]).toBe(step.sizes[i]![norm]);
      });
    }
  });
});

describe('minimal perturbation per sample', () => {
  it('ε sweep: the smallest ε that broke the sample; robust accuracy at ε = share of minimal values above ε', async () => {
    const budgets = [0.02, 0.05, 0.1, 0.2];
    const { outcomes, clean } = await attackRun(base, 'pgd', 'linf', budgets, { steps: 5 });
    expect(outcomes.minimalSource).toBe('epsilon-sweep');
    const minimal = outcomes.minimal!;
    minimal.forEach((value, i) => {
      if (!clean.correct[i]) expect(value).toBeNaN();
      else expect(value === Infinity || budgets.includes(value)).toBe(true);
    });
    outcomes.cases.forEach((entry, k) => {
      const robust = entry.robust.reduce((sum, flag) => sum + flag, 0);
      expect(robust).toBe(Array.from(minimal).filter((value) => value > budgets[k]!).length);
    });
  });

  it.each([['deepfool', 'l2', {}], ['deepfool', 'linf', {}], ['cw-l2', 'l2', { binarySearchSteps: 3, steps: 30, stepSize: 0.05 }]] as const)(
    '%s (%s): measured minimal norms; broken at ε exactly when the minimal norm is ≤ ε; computed once per sample',
    async (type, norm, params) => {
      const budgets = norm === 'l2' ? [0.1, 0.3, 1, 3] : [0.01, 0.03, 0.1, 0.3];
      const counting = countingBackward(base);
      const { outcomes } = await attackRun(counting.classifier, type, norm, budgets, params);
      const afterSweep = counting.backward();
      const single = countingBackward(base);
      const { outcomes: once } = await attackRun(single.classifier, type, norm, [budgets[0]!], params);
      expect(afterSweep).toBe(single.backward()); // later budgets reuse the memoised adversarials
      expect(outcomes.minimalSource).toBe('minimization');
      expect(Array.from(outcomes.minimal!)).toEqual(Array.from(once.minimal!));
      outcomes.cases.forEach((entry, k) => {
        const robust = entry.robust.reduce((sum, flag) => sum + flag, 0);
        expect(robust).toBe(Array.from(outcomes.minimal!).filter((value) => value > budgets[k]!).length);
      });
      const summary = summarizeMinimalPerturbations(outcomes.minimal!);
      expect(summary.broken).toBeGreaterThan(summary.samples / 2);
    },
  );
});

describe('quantiles of minimal perturbations', () => {
  it('leave out unattacked samples, count never-broken ones as ∞ (null), interpolate linearly', () => {
    const summary = summarizeMinimalPerturbations([NaN, 0.1, 0.2, 0.3, Infinity, NaN]);
    expect(summary).toMatchObject({ samples: 4, broken: 3, median: 0.25, meanOfBroken: expect.closeTo(0.2, 10) });
    expect(summary.quantiles).toEqual({ '0.1': expect.closeTo(0.13, 10), '0.25': expect.closeTo(0.175, 10), '0.5': 0.25, '0.75': null, '0.9': null });
    expect(summarizeMinimalPerturbations([NaN])).toMatchObject({ samples: 0, broken: 0, median: null, meanOfBroken: null });
  });
});

describe('warnings from attacks', () => {
  it('a model with zero input gradients warns once per attack, however many batches and budgets', async () => {
    // Rounding the input makes the loss piecewise constant: its gradient is exactly zero.
    const flat: Classifier = { ...base, logits: (input) => base.logits(tf.round(input.mul(4)).div(4)) };
    const warnings: string[] = [];
    const { outcomes } = await attackRun(flat, 'bim', 'linf', [0.01, 0.02], {}, warnings);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/input gradient is exactly zero for every sample of a batch/);
    expect(outcomes.cases).toHaveLength(2);
  });

  it.each(['fgsm', 'bim', 'mim', 'pgd', 'apgd', 'cw-l2', 'deepfool'])(
    '%s on a model without a gradient (TopK): skipped with one warning, no results, no leaked tensors',
    async (type) => {
      const sorting: Classifier = { ...base, logits: (input) => base.logits(tf.topk(input, inputSize).values) };
      const warnings: string[] = [];
      const before = tf.memory().numTensors;
      const { outcomes } = await attackRun(sorting, type, type === 'cw-l2' || type === 'deepfool' ? 'l2' : 'linf', [0.1, 0.2], { steps: 3 }, warnings);
      expect(tf.memory().numTensors).toBe(before);
      expect(outcomes.cases).toEqual([]);
      expect(outcomes.skipped).toMatch(/no input gradient .*TopK/);
      expect(warnings).toEqual([outcomes.skipped]);
    },
  );

  it('on an image model without a gradient, noise still runs and keeps its display examples', async () => {
    const image: Classifier = { ...base, inputShape: [4, 4, 1], logits: (input) => base.logits(tf.topk(input.reshape([-1, inputSize]), inputSize).values) };
    const clean = runCleanPass(image, new InMemoryDataset([4, 4, 1], x, new Int32Array(samples)), indices, 16, 'predicted');
    const { attack, definition } = resolvedAttack('gaussian-noise', 'l2', [0.5, 2]);
    const outcomes = await runAttack({
      classifier: image, dataset: new InMemoryDataset([4, 4, 1], x, new Int32Array(samples)), attack, definition, indices, clean,
      seed: 4, batchSize: 16, onProgress: () => undefined, onCase: () => undefined,
    });
    expect(outcomes.cases).toHaveLength(2);
    expect(outcomes.cases[0]!.examples.length).toBeGreaterThan(0);
    expect(outcomes.cases[0]!.examples[0]!.saliency).toMatch(/^A+=*$/); // all-zero saliency: there is no gradient to show
  });

  it('dlr on a two-class model says it falls back to the margin', async () => {
    const binary = denseClassifier([randomDense(44, inputSize, 2, 1)]);
    const warnings: string[] = [];
    await attackRun(binary, 'apgd', 'linf', [0.05], { steps: 3, loss: 'dlr' }, warnings);
    expect(warnings).toEqual([expect.stringMatching(/loss "dlr" needs at least 3 classes but the model has 2; the margin loss was used instead/)]);
  });

  it('NaN gradients are zeroed (no NaN inputs) and reported', async () => {
    const poisoned: Classifier = { ...base, logits: (input) => base.logits(input).add(tf.sqrt(input.sub(input)).sum(1, true)) };
    const warnings: string[] = [];
    const { outcomes } = await attackRun(poisoned, 'pgd', 'linf', [0.05], { steps: 3 }, warnings);
    expect(warnings.some((message) => /NaN or infinite input gradients/.test(message))).toBe(true);
    expect(outcomes.cases).toHaveLength(1);
  });
});
