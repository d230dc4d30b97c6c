import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import { selectBackend } from '../../src/model/backend.js';
import type { Classifier } from '../../src/model/classifier.js';
import { loadClassifier } from '../../src/model/load-model.js';
import { runCleanPass, type CleanPass } from '../../src/runner/clean-pass.js';
import { runAttack } from '../../src/runner/run-attack.js';
import { loadSuite } from '../../src/suite/index.js';
import { resolvedAttack } from '../helpers/attack-harness.js';

/**
 * B12 on the real demo CNN (first 200 Fashion-MNIST test images, L∞ ε = 0.03, wasm): APGD is at
 * least as strong as PGD with the same 20 iterations (with PGD's default step and with the demo
 * suite's ε/8), and both beat FGSM. Full tables for more ε and iterations: `bench/attack-strength.ts`.
 */
const samples = 200;
let classifier: Classifier;
let dataset: Dataset;
let clean: CleanPass;
const indices = Array.from({ length: samples }, (_, i) => i);

beforeAll(async () => {
  await selectBackend('wasm');
  const suite = await loadSuite(resolve(import.meta.dirname, '../../suites/fashion-mnist.suite.json'));
  ({ classifier } = await loadClassifier(suite.model));
  dataset = await loadDataset(suite.data, { inputShape: classifier.inputShape, inputRange: classifier.inputRange, numClasses: classifier.numClasses });
  clean = runCleanPass(classifier, dataset, indices, 128, 'file');
});
afterAll(() => classifier.dispose());

async function robustCount(type: string, params: Record<string, unknown>): Promise<number> {
  const { attack, definition } = resolvedAttack(type, 'linf', [0.03], params);
  const outcome = await runAttack({
    classifier, dataset, attack, definition, indices, clean, seed: 1234, batchSize: 128, onProgress: () => undefined, onCase: () => undefined,
  });
  return outcome.cases[0]!.robust.reduce((sum, flag) => sum + flag, 0);
}

describe('attack strength on the demo model (200 images, ε = 0.03)', () => {
  it('APGD-20 breaks at least as many samples as PGD-20, and both more than FGSM', async () => {
    const apgd = await robustCount('apgd', { steps: 20 });
    const pgd = await robustCount('pgd', { steps: 20 });
    const pgdDemo = await robustCount('pgd', { steps: 20, relativeStepSize: 0.125 });
    const fgsm = await robustCount('fgsm', {});
    expect(apgd).toBeLessThanOrEqual(pgd);
    expect(apgd).toBeLessThanOrEqual(pgdDemo);
    expect(Math.max(pgd, pgdDemo)).toBeLessThan(fgsm);
  });
});
