import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDataset } from '../../src/data/dataset.js';
import type { Classifier } from '../../src/model/classifier.js';
import { selectBackend } from '../../src/model/backend.js';
import type { AttackOutcomes } from '../../src/runner/attack-outcomes.js';
import { runCleanPass } from '../../src/runner/clean-pass.js';
import { attackTraits } from '../../src/metrics/sanity/attack-traits.js';
import { probeSampleLimit, runSanityProbes } from '../../src/runner/sanity-probes.js';
import { denseClassifier, fixtureNumbers, randomDense } from '../helpers/classifiers.js';
import { resolvedAttack } from '../helpers/attack-harness.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const inputs = 12;
const count = 40;
const x = Float32Array.from(fixtureNumbers(5, count * inputs), (value) => (value + 1) / 2);

/** The same dense model with a step in front of it: `round` quantises the input, `noise` adds fresh noise per call. */
function variant(kind: 'plain' | 'round' | 'noise' | 'topk'): Classifier {
  const base = denseClassifier([randomDense(3, inputs, 8, 2), randomDense(4, 8, 3, 2)]);
  const before = (input: tf.Tensor) => (kind === 'round' ? input.mul(4).round().div(4) : kind === 'noise' ? input.add(tf.randomUniform(input.shape, -0.05, 0.05))
    : kind === 'topk' ? tf.topk(input, inputs).values : input);
  return { ...base, logits: (input) => tf.tidy(() => base.logits(before(input))), rawOutput: (input) => tf.tidy(() => base.rawOutput(before(input))) };
}

async function probe(kind: 'plain' | 'round' | 'noise' | 'topk', withPgdOutcomes = true) {
  const classifier = variant(kind);
  const dataset = new InMemoryDataset([inputs], x);
  const indices = Array.from({ length: count }, (_, i) => i);
  const clean = runCleanPass(classifier, dataset, indices, 16, 'predicted');
  const { attack } = resolvedAttack('pgd', 'linf', [0.05], { steps: 5 });
  // Suite outcomes of a PGD run in which nothing was broken (enough for the noise comparison).
  const outcomes: AttackOutcomes[] = withPgdOutcomes ? [{ attack, cases: [{ budget: 0.05, robust: Uint8Array.from(clean.correct), sizes: [], attacked: count, durationMs: 1, predictions: clean.predictions, probabilities: clean.probabilities, examples: [] }] }] : [];
  const before = tf.memory().numTensors;
  const result = await runSanityProbes({ classifier, dataset, attacks: withPgdOutcomes ? [attack] : [], indices, clean, outcomes, seed: 3, batchSize: 16 }, attackTraits(withPgdOutcomes ? [attack] : []));
  const leaked = tf.memory().numTensors - before;
  classifier.dispose();
  return { result, leaked };
}

describe('runSanityProbes', () => {
  it('a model tfjs cannot differentiate (TopK) counts as zero gradients instead of failing the suite', async () => {
    const { result, leaked } = await probe('topk', false);
    expect(leaked).toBe(0);
    expect(result.gradients).toMatchObject({ ceZero: count, marginZero: count });
  });

  it('an ordinary model: logits, deterministic, live gradients, chance at half the range; no tensor leaks', async () => {
    const { result, leaked } = await probe('plain');
    expect(leaked).toBe(0);
    expect(result.samples).toBe(count);
    expect(result.outputs).toEqual({ rows: count, columns: 3, probabilityRows: 0, outputKind: 'logits' });
    expect(result.determinism).toEqual({ maxDifference: 0, differingSamples: 0 });
    expect(result.gradients).toEqual({ ceZero: 0, ceNonFinite: 0, marginZero: 0, marginNonFinite: 0 });
    expect(result.largeEpsilon).toMatchObject({ epsilon: 0.5, samples: count, numClasses: 3 });
    expect(result.largeEpsilon!.correct).toBeLessThanOrEqual(count / 3);
    // No suite noise at the PGD's norm: the probe ran uniform noise at PGD's largest ε.
    expect(result.noise).toHaveLength(1);
    expect(result.noise[0]).toMatchObject({ source: 'probe', norm: 'linf', epsilon: 0.05, gradientAttacks: ['pgd'], compared: count });
  });

  it('same inputs and seed, same measurements (deterministic)', async () => {
    const first = await probe('plain');
    const second = await probe('plain');
    const { durationMs: _a, ...a } = first.result;
    const { durationMs: _b, ...b } = second.result;
    expect(a).toEqual(b);
  });

  it('a rounding input step: every margin gradient is exactly zero and the large-ε attack cannot move anything', async () => {
    const { result, leaked } = await probe('round');
    expect(leaked).toBe(0);
    expect(result.gradients).toMatchObject({ marginZero: count, ceZero: count, marginNonFinite: 0 });
    expect(result.largeEpsilon!.correct).toBe(count);
  });

  it('a randomized model: the two passes differ', async () => {
    const { result } = await probe('noise');
    expect(result.determinism.differingSamples).toBe(count);
    expect(result.determinism.maxDifference).toBeGreaterThan(1e-4);
  });

  it('no gradient attack: no noise probe; the subset is capped', async () => {
    const { result } = await probe('plain', false);
    expect(result.noise).toEqual([]);
    expect(probeSampleLimit).toBe(128);
  });
});

describe('attackTraits', () => {
  it('FGSM is single-step, PGD iterative, noise is noise, a target makes an attack targeted, DeepFool minimises', () => {
    const attacks = [
      resolvedAttack('fgsm', 'linf', [0.1]).attack,
      resolvedAttack('pgd', 'linf', [0.1], { target: 'next' }).attack,
      { ...resolvedAttack('gaussian-noise', 'l2', [0.1]).attack, id: 'noise' },
      { ...resolvedAttack('deepfool', 'l2', [0.1]).attack, id: 'deepfool' },
    ];
    expect(attackTraits(attacks)).toEqual({
      fgsm: { kind: 'gradient', singleStep: true, targeted: false },
      pgd: { kind: 'gradient', singleStep: false, targeted: true },
      noise: { kind: 'noise', singleStep: false, targeted: false },
      deepfool: { kind: 'gradient', singleStep: false, targeted: false, minimization: true },
    });
  });
});
