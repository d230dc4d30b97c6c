import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { autoAttackMembers } from '../../attacks/autoattack.js';
import { selectBackend } from '../../src/model/backend.js';
import type { Classifier } from '../../src/model/classifier.js';
import { denseClassifier, fixtureNumbers, randomDense } from '../helpers/classifiers.js';
import { runCase } from '../helpers/attack-harness.js';

/**
 * Square sees through gradient masking, and the AutoAttack cascade keeps honest books. The masked
 * model quantises its input, round(4x)/4, before a linear layer with ±1 weights: tfjs's Round has
 * a zero gradient, so every gradient attack is blind (its random start is all it has: random
 * signs, whose effects cancel), while Square reads logits and pushes many coordinates the same
 * way. Samples are those with a clean margin of at least 5, beyond a random start's reach.
 */
const side = 8;
const inputSize = side * side;
const pool = 800;
const mlp = denseClassifier([randomDense(41, inputSize, 16, 0.6), randomDense(42, 16, 4, 1.5)]);
const image = (classifier: Classifier): Classifier => ({ ...classifier, inputShape: [side, side, 1] });
const signs = { weights: Array.from({ length: inputSize }, (_, i) => fixtureNumbers(44 + i, 4).map((v) => (v < 0 ? -1 : 1))), bias: [0, 0, 0, 0] };
const linear = denseClassifier([signs]);
const quantised = (input: tf.Tensor) => tf.tidy(() => linear.logits(input.mul(4).round().div(4)));
const rounding: Classifier = { ...image(linear), logits: quantised, rawOutput: quantised };
const candidates = Float32Array.from(fixtureNumbers(43, pool * inputSize), (v) => (v + 1) / 2);
let x: Float32Array;
let labels: Int32Array;
let samples: number;

beforeAll(async () => {
  await selectBackend('wasm');
  const logits = tf.tidy(() => rounding.logits(tf.tensor(candidates, [pool, side, side, 1])).arraySync() as number[][]);
  const kept = logits.map((row, i) => [row, i] as const).filter(([row]) => {
    const sorted = [...row].sort((a, b) => b - a);
    return sorted[0]! - sorted[1]! >= 5;
  }).map(([, i]) => i).slice(0, 24);
  samples = kept.length;
  x = Float32Array.from(kept.flatMap((i) => Array.from(candidates.subarray(i * inputSize, (i + 1) * inputSize))));
  labels = tf.tidy(() => rounding.logits(tf.tensor(x, [samples, side, side, 1])).argMax(1).dataSync() as Int32Array);
});

const broken = (robust: Uint8Array) => robust.reduce((sum, flag) => sum + (flag ? 0 : 1), 0);

describe('a model whose input gradient is zero everywhere (input rounding)', () => {
  const epsilon = 0.15;
  it.each([
    ['fgsm', {}], ['pgd', { steps: 20 }], ['apgd', { steps: 20 }], ['apgd', { steps: 20, loss: 'dlr' }],
    ['apgd-t', { steps: 10 }], ['fab', { steps: 10 }],
  ])('gradient attack %s %o breaks nothing', async (type, params) => {
    const outcome = await runCase({ classifier: rounding, x, labels, type, norm: 'linf', budget: epsilon, params });
    expect(broken(outcome.robust)).toBe(0);
  });

  it.each(['linf', 'l2'] as const)('Square (%s) breaks samples the gradient attacks could not, and tallies its queries', async (norm) => {
    const budget = norm === 'linf' ? epsilon : 2;
    const outcome = await runCase({ classifier: rounding, x, labels, type: 'square', norm, budget, params: { queries: 300 } });
    expect(broken(outcome.robust)).toBeGreaterThan(samples / 4);
    const queries = outcome.stats!.queries!;
    expect(queries).toHaveLength(samples);
    for (let i = 0; i < samples; i++) {
      expect(queries[i]).toBeGreaterThanOrEqual(1);
      expect(queries[i]).toBeLessThanOrEqual(301);
      // A robust sample used the whole budget; a broken one stopped at its success.
      if (outcome.robust[i]) expect(queries[i]).toBe(301);
    }
  });

  it('autoattack standard still breaks them: its gradient members find nothing and Square does the work', async () => {
    const outcome = await runCase({ classifier: rounding, x, labels, type: 'autoattack', norm: 'linf', budget: epsilon, params: { version: 'standard' } });
    const count = broken(outcome.robust);
    expect(count).toBeGreaterThan(samples / 4);
    const flags = (name: string) => Array.from(outcome.stats![`broken-by:${name}`]!);
    expect(flags('apgd-ce').filter((v) => v === 1)).toHaveLength(0);
    expect(flags('square').filter((v) => v === 1)).toHaveLength(count);
  });
});

describe('the AutoAttack cascade', () => {
  const classifier = image(mlp);
  let cleanLabels: Int32Array;
  beforeAll(() => {
    cleanLabels = tf.tidy(() => classifier.logits(tf.tensor(x, [samples, side, side, 1])).argMax(1).dataSync() as Int32Array);
  });

  it('has enough samples', () => expect(samples).toBeGreaterThanOrEqual(12));

  it('lists the published members of each version in order', () => {
    expect(autoAttackMembers('standard').map((m) => m.name)).toEqual(['apgd-ce', 'apgd-t', 'fab-t', 'square']);
    expect(autoAttackMembers('plus').map((m) => m.name)).toEqual(['apgd-ce', 'apgd-dlr', 'fab', 'square', 'apgd-t', 'fab-t']);
    expect(autoAttackMembers('rand').map((m) => [m.name, m.params.eotIterations])).toEqual([['apgd-ce', 20], ['apgd-dlr', 20]]);
    expect(autoAttackMembers('standard')[3]!.params.queries).toBe(5000);
    expect(autoAttackMembers('standard')[1]!.params.targetClasses).toBe(9);
  });

  it('each member attacks exactly the samples every earlier member left robust, and contributions add up to the samples broken', async () => {
    const outcome = await runCase({ classifier, x, labels: cleanLabels, type: 'autoattack', norm: 'linf', budget: 0.05, params: { version: 'standard' } });
    const names = ['apgd-ce', 'apgd-t', 'fab-t', 'square'];
    const stillRobust = new Array<boolean>(samples).fill(true);
    let total = 0;
    for (const name of names) {
      const flags = outcome.stats![`broken-by:${name}`];
      if (!flags) { expect(stillRobust.some(Boolean)).toBe(false); continue; }
      for (let i = 0; i < samples; i++) {
        // Seen by this member exactly when no earlier member broke the sample.
        expect(Number.isNaN(flags[i]!)).toBe(!stillRobust[i]);
        if (flags[i] === 1) { stillRobust[i] = false; total++; }
      }
    }
    expect(total).toBe(broken(outcome.robust));
    // The runner's fresh forward pass agrees with the cascade's own bookkeeping.
    stillRobust.forEach((robust, i) => expect(outcome.robust[i]).toBe(robust ? 1 : 0));
    expect(total).toBeGreaterThan(0);
  });

  it('is at least as strong as its first member alone (worst case per sample)', async () => {
    const cascade = await runCase({ classifier, x, labels: cleanLabels, type: 'autoattack', norm: 'l2', budget: 0.3, params: { version: 'standard' } });
    const first = await runCase({ classifier, x, labels: cleanLabels, type: 'apgd', norm: 'l2', budget: 0.3, params: { loss: 'ce' } });
    expect(broken(cascade.robust)).toBeGreaterThanOrEqual(broken(first.robust));
  });
});
