import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attackRegistry } from '../../attacks/registry.js';
import { selectBackend } from '../../src/model/backend.js';
import { mutations } from '../fixtures/mutants/index.js';
import { denseClassifier, fixtureNumbers, randomDense } from '../helpers/classifiers.js';
import { auditAttack, type AuditBench, type AuditCheck, type AuditSubject } from './support/audit.js';
import { tableFromRegistry, type AttackConfig } from './support/registry-table.js';
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
/** Audited runs of each registered gradient and score-based attack, by report name (type and norm). */
const auditConfig: AttackConfig<[string, Omit<AuditSubject, 'type'>][]> = {
  fgsm: [['fgsm L∞', { norm: 'linf', params: {}, epsilons: linf }]],
  pgd: [
    ['pgd L∞', { norm: 'linf', params: { steps: 10 }, epsilons: linf, oscillation: { steps: 11, stepSize: 0.08, randomStart: false } }],
    ['pgd L2', { norm: 'l2', params: { steps: 10 }, epsilons: l2, oscillation: { steps: 11, stepSize: 0.08, randomStart: false } }],
  ],
  bim: [['bim L∞', { norm: 'linf', params: {}, epsilons: linf, oscillation: { steps: 11, stepSize: 0.08 } }]],
  mim: [['mim L2', { norm: 'l2', params: { relativeStepSize: 0.25 }, epsilons: l2, oscillation: { steps: 10, stepSize: 0.08 } }]],
  apgd: [
    ['apgd L∞', { norm: 'linf', params: { steps: 10 }, epsilons: linf }],
    ['apgd L2 dlr', { norm: 'l2', params: { steps: 10, loss: 'dlr' }, epsilons: l2 }],
  ],
  'apgd-t': [['apgd-t L∞', { norm: 'linf', params: { steps: 10, targetClasses: 3 }, epsilons: linf }]],
  fab: [
    ['fab L∞', { norm: 'linf', params: { steps: 10, targetClasses: 3 }, epsilons: linf }],
    ['fab L2', { norm: 'l2', params: { steps: 10, targeted: false }, epsilons: l2 }],
  ],
  square: [
    ['square L∞', { norm: 'linf', params: { queries: 300 }, epsilons: linf }],
    ['square L2', { norm: 'l2', params: { queries: 300 }, epsilons: l2 }],
  ],
  'cw-l2': [['cw-l2', { norm: 'l2', params: { binarySearchSteps: 3, steps: 30, stepSize: 0.05 }, epsilons: l2 }]],
  deepfool: [['deepfool L2', { norm: 'l2', params: {}, epsilons: l2 }]],
};

// Ensembles (autoattack) are cascades of audited members; their bookkeeping has its own tests.
const table = tableFromRegistry(
  auditConfig,
  (definition) => ['gradient', 'score-based'].includes(definition.kind),
  (definition, runs) => runs.map(([name, subject]): [string, AuditSubject] => [name, { type: definition.type, ...subject }]),
  'auditConfig in test/attacks/mutants.test.ts (a name, norm, parameters and three ε)',
);
const real = table.rows;

describe('attack audit', () => {
  it('audits every registered gradient and score-based attack (read from the registry)', () => {
    expect(table.missing).toEqual([]);
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
