import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackRegistry } from '../../attacks/registry.js';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import { selectBackend } from '../../src/model/backend.js';
import type { Classifier } from '../../src/model/classifier.js';
import { loadClassifier } from '../../src/model/load-model.js';
import { executeCase } from '../../src/runner/execute-case.js';

/**
 * Issue "Attack and perturbation library", done-criterion 6: on the bundled demo model, every
 * severity-based corruption costs at least as much accuracy at severity 5 as at severity 1. Each
 * severity is evaluated on its own (not cumulatively, as the runner's curves are), on the first
 * 200 demo images, through the runner's `executeCase` with each type's default parameters.
 */
const root = (path: string) => fileURLToPath(new URL(`../../suites/${path}`, import.meta.url));
const samples = 200;
let classifier: Classifier;
let dataset: Dataset;
let correct: number[];
let labels: Int32Array;

beforeAll(async () => {
  await selectBackend('wasm');
  ({ classifier } = await loadClassifier({ path: root('models/fashion-cnn/model.json'), format: 'auto', inputRange: [0, 1], output: 'auto' }));
  dataset = await loadDataset({ path: root('data/fashion-mnist-test-1k.npz'), labels: 'file', batchSize: 100 }, { inputShape: classifier.inputShape, inputRange: [0, 1], numClasses: 10 });
  const batch = dataset.read(Array.from({ length: samples }, (_, i) => i));
  const predicted = tf.tidy(() => classifier.logits(tf.tensor(batch.x, [samples, ...classifier.inputShape])).argMax(1).dataSync());
  correct = batch.indices.filter((_, i) => predicted[i] === batch.y![i]);
  labels = Int32Array.from(correct, (index) => batch.y![index]!);
});

afterAll(() => classifier.dispose());

/** Accuracy (clean-correct and still correct when corrupted) over the samples at one severity. */
async function accuracyAt(type: string, severity: number): Promise<number> {
  const definition = attackRegistry[type]!;
  const params = Object.fromEntries(Object.entries(definition.params).filter(([, s]) => s.default !== undefined).map(([k, s]) => [k, s.default]));
  const outcome = await executeCase({
    classifier, dataset, definition, budget: severity, sampleIndices: correct, labels, seed: 1234, batchSize: 100,
    attack: { id: type, type, budgetKind: 'severity', budgets: [severity], params },
  });
  return outcome.robust.reduce((sum, flag) => sum + flag, 0) / samples;
}

const corruptions = Object.values(attackRegistry).filter((definition) => definition.budget === 'severities').map((definition) => definition.type);

describe.each(corruptions)('%s on the demo model', (type) => {
  it('drops clean accuracy at least as much at severity 5 as at severity 1, and by something', async () => {
    const clean = correct.length / samples;
    expect(clean).toBeGreaterThan(0.85);
    const [mild, severe] = [await accuracyAt(type, 1), await accuracyAt(type, 5)];
    expect(clean - severe).toBeGreaterThanOrEqual(clean - mild);
    expect(severe).toBeLessThan(clean); // severity 5 is not a no-op on this model
  });
});
