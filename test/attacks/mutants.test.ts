import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attackRegistry } from '../../attacks/registry.js';
import { selectBackend } from '../../src/model/backend.js';
import { mutations } from '../fixtures/mutants/index.js';
import { denseClassifier, fixtureNumbers, randomDense } from '../helpers/classifiers.js';
import { auditAttack, type AuditBench, type AuditCheck, type AuditSubject } from './support/audit.js';
import { smallestSeparation } from './support/spy-classifier.js';

/**
 * Mutation testing of the attack checks (issue "Done when" 5): the audit in `support/audit.ts`
 * passes every real gradient attack and fails every deliberately broken variant in
 * `test/fixtures/mutants/` — sign flipped, projection removed, box clip removed, last iterate
 * returned instead of the best — each on the check that its bug breaks.
 */
const inputSize = 20;
const samples = 80;
const classifier = denseClassifier([randomDense(31, inputSize, 32, 1.2), randomDense(32, 32, 5, 1.2)]);
const x = Float32Array.from(fixtureNumbers(33, samples * inputSize), (v) => (v + 1) / 2);
let bench: AuditBench;

beforeAll(async () => {
  await selectBackend('wasm');
  const labels = tf.tidy(() => classifier.logits(tf.tensor(x, [samples, inputSize])).argMax(1).dataSync() as Int32Array);
  bench = { classifier, x, labels };
});

const linf: [number, number, number] = [0.02, 0.06, 0.3];
const l2: [number, number, number] = [0.1, 0.3, 1.5];
const real: [string, AuditSubject][] = [
  ['pgd L∞', { type: 'pgd', norm: 'linf', params: { steps: 10 }, epsilons: linf, oscillation: { steps: 11, stepSize: 0.08, randomStart: false } }],
  ['pgd L2', { type: 'pgd', norm: 'l2', params: { steps: 10 }, epsilons: l2, oscillation: { steps: 11, stepSize: 0.08, randomStart: false } }],
  ['bim L∞', { type: 'bim', norm: 'linf', params: {}, epsilons: linf, oscillation: { steps: 11, stepSize: 0.08 } }],
  ['mim L2', { type: 'mim', norm: 'l2', params: { relativeStepSize: 0.25 }, epsilons: l2, oscillation: { steps: 10, stepSize: 0.08 } }],
  ['apgd L∞', { type: 'apgd', norm: 'linf', params: { steps: 10 }, epsilons: linf }],
  ['apgd L2 dlr', { type: 'apgd', norm: 'l2', params: { steps: 10, loss: 'dlr' }, epsilons: l2 }],
  ['fgsm L∞', { type: 'fgsm', norm: 'linf', params: {}, epsilons: linf }],
  ['deepfool L2', { type: 'deepfool', norm: 'l2', params: {}, epsilons: l2 }],
  ['cw-l2', { type: 'cw-l2', norm: 'l2', params: { binarySearchSteps: 3, steps: 30, stepSize: 0.05 }, epsilons: l2 }],
  ['apgd-t L∞', { type: 'apgd-t', norm: 'linf', params: { steps: 10, targetClasses: 3 }, epsilons: linf }],
  ['fab L∞', { type: 'fab', norm: 'linf', params: { steps: 10, targetClasses: 3 }, epsilons: linf }],
  ['fab L2', { type: 'fab', norm: 'l2', params: { steps: 10, targeted: false }, epsilons: l2 }],
  ['square L∞', { type: 'square', norm: 'linf', params: { queries: 300 }, epsilons: linf }],
  ['square L2', { type: 'square', norm: 'l2', params: { queries: 300 }, epsilons: l2 }],
];

describe('attack audit', () => {
  // Ensembles (autoattack) are cascades of audited members; their bookkeeping has its own tests.
  it('audits every registered gradient and score-based attack (read from the registry)', () => {
    const searching = Object.values(attackRegistry).filter((definition) => ['gradient', 'score-based'].includes(definition.kind)).map((definition) => definition.type);
    expect(searching.filter((type) => !real.some(([, subject]) => subject.type === type))).toEqual([]);
  });

  it('the spy can tell samples apart: they lie more than 2ε apart at the spied ε', () => {
    expect(smallestSeparation(x, samples, 'linf')).toBeGreaterThan(2 * linf[1]);
    expect(smallestSeparation(x, samples, 'l2')).toBeGreaterThan(2 * l2[1]);
  });

  it.each(real)('passes the real %s', async (_name, subject) => {
    expect(await auditAttack(bench, subject)).toEqual([]);
  });

  const killed: Record<string, AuditCheck> = {
    'sign-flipped': 'strength', 'projection-removed': 'raw-ball', 'box-clip-removed': 'raw-box', 'last-iterate': 'keeps-adversarials',
  };
  // APGD returns its highest-loss point for unbroken samples by design, so "last iterate" is not a bug it can have.
  const bases = (mutation: string) => real.filter(([name]) => ['pgd L∞', 'pgd L2', 'mim L2', mutation === 'last-iterate' ? 'bim L∞' : 'apgd L∞'].includes(name));
  describe.each(Object.entries(killed))('mutant %s', (mutation, check) => {
    it.each(bases(mutation))(`fails the "${check}" check (%s)`, async (_name, subject) => {
      const definition = mutations[mutation]!(attackRegistry[subject.type]!);
      expect(await auditAttack(bench, { ...subject, definition })).toContain(check);
    });
  });
});
