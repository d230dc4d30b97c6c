import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { denseClassifier, fixtureNumbers, randomDense } from '../helpers/classifiers.js';
import { proposeWith } from './support/propose.js';
import { ReferenceMlp } from './support/reference-mlp.js';

/**
 * docs/reliability.md B11 beyond FGSM/PGD: independent float64 implementations (hand-derived
 * gradients, `support/reference-mlp.ts`) of MIM (Dong et al. 2018) and DeepFool-L2
 * (Moosavi-Dezfooli et al. 2016, Foolbox 3's loop) reproduce our adversarials of the same MLP.
 */
const inputSize = 10;
const samples = 30;
const layers = [randomDense(51, inputSize, 12, 1.2), randomDense(52, 12, 4, 1.2)] as const;
const classifier = denseClassifier([...layers]);
const reference = new ReferenceMlp(layers[0], layers[1]);
const xFlat = Float32Array.from(fixtureNumbers(53, samples * inputSize), (v) => (v + 1) / 2);
const rows = Array.from({ length: samples }, (_, i) => Array.from(xFlat.subarray(i * inputSize, (i + 1) * inputSize), Number));
const labels = Int32Array.from(rows, (row) => reference.predict(row));
const clip = (v: number, low: number, high: number) => Math.min(high, Math.max(low, v));

beforeAll(async () => {
  await selectBackend('wasm');
});

/** MIM: g ← μg + ∇/‖∇‖₁, x ← clip_box(clip_ball(x + α·sign(g))); first misclassified iterate kept. */
function referenceMim(x0: number[], label: number, epsilon: number, steps: number, alpha: number, decay: number): number[] {
  let x = [...x0];
  let g = x0.map(() => 0);
  for (let step = 0; step <= steps; step++) {
    if (reference.predict(x) !== label || step === steps) return x;
    const gradient = reference.crossEntropyGradient(x, label);
    const l1 = Math.max(1e-12, gradient.reduce((sum, v) => sum + Math.abs(v), 0));
    g = g.map((v, i) => decay * v + gradient[i]! / l1);
    x = x.map((v, i) => clip(clip(v + alpha * Math.sign(g[i]!), x0[i]! - epsilon, x0[i]! + epsilon), 0, 1));
  }
  return x;
}

/** DeepFool-L2 with candidates = the other classes by clean logit, overshoot 0.02. */
function referenceDeepFool(x0: number[], label: number, steps: number): number[] {
  const clean = reference.forward(x0).logits;
  const candidates = clean.map((_, k) => k).filter((k) => k !== label).sort((a, b) => clean[b]! - clean[a]!);
  let x = [...x0];
  let total = x0.map(() => 0);
  for (let step = 0; step < steps; step++) {
    if (reference.predict(x) !== label) return x;
    const { logits } = reference.forward(x);
    let best = { distance: Infinity, w: [] as number[], size: 0 };
    for (const k of candidates) {
      const w = reference.logitGradient(x, logits.map((_, j) => (j === k ? 1 : 0) - (j === label ? 1 : 0)));
      const size = Math.hypot(...w) + 1e-8;
      const distance = Math.abs(logits[k]! - logits[label]!) / size + 1e-4;
      if (distance < best.distance) best = { distance, w, size };
    }
    total = total.map((v, i) => v + (best.distance * best.w[i]!) / best.size);
    x = x0.map((v, i) => clip(v + 1.02 * total[i]!, 0, 1));
  }
  return x;
}

describe('float64 references of MIM and DeepFool (B11)', () => {
  it.each([0.03, 0.1])('MIM-10 adversarials agree (ε = %f)', (epsilon) => {
    const { x, proposal } = proposeWith({ classifier, x: xFlat, labels, type: 'mim', norm: 'linf', budget: epsilon, params: { steps: 10 } });
    const ours = proposal.arraySync() as number[][];
    let moved = 0;
    rows.forEach((row, i) => {
      const expected = referenceMim(row, labels[i]!, epsilon, 10, epsilon / 10, 1);
      expected.forEach((value, j) => expect(ours[i]![j]!).toBeCloseTo(value, 5));
      if (expected.some((value, j) => value !== row[j])) moved++;
    });
    expect(moved).toBeGreaterThan(samples / 2);
    x.dispose();
    proposal.dispose();
  });

  it('DeepFool-L2 minimal adversarials agree', () => {
    const { x, proposal } = proposeWith({ classifier, x: xFlat, labels, type: 'deepfool', norm: 'l2', budget: 10 }, 'minimize');
    const ours = proposal.arraySync() as number[][];
    let broken = 0;
    rows.forEach((row, i) => {
      const expected = referenceDeepFool(row, labels[i]!, 50);
      expected.forEach((value, j) => expect(ours[i]![j]!).toBeCloseTo(value, 4));
      if (reference.predict(expected) !== labels[i]) broken++;
    });
    expect(broken).toBeGreaterThan(samples * 0.9);
    x.dispose();
    proposal.dispose();
  });
});
