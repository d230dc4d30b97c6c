import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { hashModelFiles } from '../../src/model/hash.js';
import { loadClassifier } from '../../src/model/load-model.js';
import { saveLayersModel } from '../../src/model/save-model.js';
import {
  expectRefusal, makeTempDir, maxAbsDiff, modelSpec, removeDir, seededBatch, writeDenseModel,
} from './model-test-helpers.js';

let root: string;
let counter = 0;
const nextDir = () => join(root, `m${counter++}`);

beforeAll(async () => {
  await selectBackend('wasm');
  root = makeTempDir();
});
afterAll(() => removeDir(root));

/** Rewrites model.json through `edit` (a parsed copy). */
function editModelJson(path: string, edit: (json: Record<string, any>) => void): void {
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
  edit(json);
  writeFileSync(path, JSON.stringify(json));
}

describe('loadClassifier: LayersModel', () => {
  it('round-trips: logits equal model.predict and nothing leaks', async () => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 3 });
    const before = tf.memory().numTensors;
    const loaded = await loadClassifier(modelSpec(path));
    const { classifier } = loaded;
    expect(loaded.format).toBe('layers');
    expect(loaded.sha256).toBe(await hashModelFiles(path));
    expect(loaded.outputKindReason).toMatch(/no softmax or sigmoid/);
    expect(classifier.outputKind).toBe('logits');
    expect(classifier.inputShape).toEqual([4]);
    expect(classifier.numClasses).toBe(3);
    expect(classifier.inputRange).toEqual([0, 1]);
    const x = seededBatch(1, 6, [4]);
    const during = tf.memory().numTensors;
    const logits = classifier.logits(x);
    const raw = classifier.rawOutput(x);
    expect(tf.memory().numTensors).toBe(during + 2);
    const expected = model.predict(x) as tf.Tensor;
    expect(maxAbsDiff(logits, expected)).toBeLessThan(1e-6);
    expect(maxAbsDiff(raw, expected)).toBeLessThan(1e-6);
    tf.dispose([x, logits, raw, expected]);
    classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('detects softmax outputs and attacks their logarithm', async () => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 3, activation: 'softmax' });
    const { classifier, outputKindReason } = await loadClassifier(modelSpec(path));
    expect(classifier.outputKind).toBe('probabilities');
    expect(outputKindReason).toContain('softmax');
    const x = seededBatch(2, 5, [4]);
    tf.tidy(() => {
      const probabilities = model.predict(x) as tf.Tensor;
      expect(maxAbsDiff(classifier.rawOutput(x), probabilities)).toBeLessThan(1e-6);
      expect(maxAbsDiff(classifier.logits(x), tf.log(probabilities))).toBeLessThan(1e-5);
    });
    x.dispose();
    classifier.dispose();
    model.dispose();
  });

  it('reads a single sigmoid unit as 2-class logits [0, logit(p)]', async () => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 1, activation: 'sigmoid' });
    const { classifier, outputKindReason } = await loadClassifier(modelSpec(path, { classNames: ['no', 'yes'] }));
    expect(classifier.outputKind).toBe('sigmoid');
    expect(classifier.numClasses).toBe(2);
    expect(classifier.classNames).toEqual(['no', 'yes']);
    expect(outputKindReason).toContain('sigmoid');
    const x = seededBatch(3, 5, [4]);
    tf.tidy(() => {
      const p = model.predict(x) as tf.Tensor;
      const logits = classifier.logits(x);
      expect(logits.shape).toEqual([5, 2]);
      const expected = tf.concat([tf.zerosLike(p), tf.sub(tf.log(p), tf.log(tf.sub(1, p)))], 1);
      expect(maxAbsDiff(logits, expected)).toBeLessThan(1e-4);
    });
    x.dispose();
    classifier.dispose();
    model.dispose();
  });

  it('reads a single linear unit as 2-class logits [0, z]', async () => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 1 });
    const { classifier } = await loadClassifier(modelSpec(path));
    expect(classifier.outputKind).toBe('logits');
    expect(classifier.numClasses).toBe(2);
    const x = seededBatch(4, 3, [4]);
    tf.tidy(() => {
      const z = model.predict(x) as tf.Tensor;
      expect(maxAbsDiff(classifier.logits(x), tf.concat([tf.zerosLike(z), z], 1))).toBeLessThan(1e-6);
    });
    x.dispose();
    classifier.dispose();
    model.dispose();
  });

  it('uses a declared output kind over detection', async () => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 3, activation: 'softmax' });
    const { classifier, outputKindReason } = await loadClassifier(modelSpec(path, { output: 'logits' }));
    expect(classifier.outputKind).toBe('logits');
    expect(outputKindReason).toContain('declared');
    classifier.dispose();
    await expectRefusal(loadClassifier(modelSpec(path, { output: 'sigmoid' })), 'MODEL_OUTPUT_KIND');
    model.dispose();
  });

  it('applies preprocess inside logits, so gradients are in input space', async () => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 3 });
    const mean = [0.1, 0.2, 0.3, 0.4];
    const std = [0.5, 2, 1, 4];
    const { classifier } = await loadClassifier(modelSpec(path, { preprocess: { mean, std } }));
    const x = seededBatch(5, 4, [4]);
    const normalise = (input: tf.Tensor) => tf.div(tf.sub(input, tf.tensor1d(mean)), tf.tensor1d(std));
    tf.tidy(() => {
      expect(maxAbsDiff(classifier.logits(x), model.predict(normalise(x)) as tf.Tensor)).toBeLessThan(1e-6);
      const ours = tf.grad((input: tf.Tensor) => classifier.logits(input).sum())(x);
      const reference = tf.grad((input: tf.Tensor) => (model.apply(normalise(input)) as tf.Tensor).sum())(x);
      expect(maxAbsDiff(ours, reference)).toBeLessThan(1e-6);
    });
    x.dispose();
    classifier.dispose();
    model.dispose();
  });

  it.each([
    ['a mean per channel of the wrong length', { mean: [0, 0, 0], std: [1] }],
    ['a zero std', { mean: [0], std: [0] }],
    ['a NaN mean', { mean: [Number.NaN], std: [1] }],
  ])('refuses preprocess with %s', async (_label, preprocess) => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 3 });
    const before = tf.memory().numTensors;
    await expectRefusal(loadClassifier(modelSpec(path, { preprocess })), 'MODEL_PREPROCESS');
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses classNames that do not match the output classes', async () => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 3 });
    const error = await expectRefusal(loadClassifier(modelSpec(path, { classNames: ['a', 'b'] })), 'MODEL_CLASS_NAMES');
    expect(error.message).toMatch(/2 names.*3 classes/);
    model.dispose();
  });

  it('checks the sha256 pin: passes when equal (any case), shows both hashes when not', async () => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 3 });
    const actual = await hashModelFiles(path);
    const pinned = await loadClassifier(modelSpec(path, { sha256: actual.toUpperCase() }));
    expect(pinned.sha256).toBe(actual);
    pinned.classifier.dispose();
    const wrong = 'ab'.repeat(32);
    const error = await expectRefusal(loadClassifier(modelSpec(path, { sha256: wrong })), 'MODEL_SHA256');
    expect(error.message).toContain(wrong);
    expect(error.message).toContain(actual);
    await expectRefusal(loadClassifier(modelSpec(path, { sha256: 'not-a-hash' })), 'MODEL_SHA256');
    model.dispose();
  });

  it.each([
    ['constructor', 'class_name'],
    ['__proto__', 'class_name'],
    ['toString', 'class_name'],
    ['MyCustomLayer', 'class_name'],
    ['constructor', 'activation'],
  ])('refuses the unknown layer class %s (%s) by name', async (name, field) => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 3 });
    editModelJson(path, (json) => {
      const layer = json.modelTopology.config.layers[1];
      if (field === 'class_name') layer.class_name = name;
      else layer.config.activation = name;
    });
    const before = tf.memory().numTensors;
    const error = await expectRefusal(loadClassifier(modelSpec(path)), 'MODEL_UNKNOWN_CLASS');
    expect(error.message).toContain(name);
    expect(error.message).toContain(path);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('rewrites tfjs errors for unknown identifiers tfjs looks up itself', async () => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 3 });
    editModelJson(path, (json) => {
      json.modelTopology.config.layers[1].config.activation = 'no_such_activation';
    });
    const before = tf.memory().numTensors;
    const error = await expectRefusal(loadClassifier(modelSpec(path)), 'MODEL_UNKNOWN_CLASS');
    // The first layer's variables, built before tfjs met the bad activation, are freed.
    expect(tf.memory().numTensors).toBe(before);
    // tfjs camel-cases identifiers before looking them up.
    expect(error.message).toMatch(/no_such_activation|noSuchActivation/);
    model.dispose();
  });

  it.each([
    ['a renamed weight', (json: Record<string, any>) => { json.weightsManifest[0].weights[0].name = 'renamed/kernel'; }],
    ['a transposed kernel', (json: Record<string, any>) => { json.weightsManifest[0].weights[0].shape = [5, 4]; }],
  ])('refuses weights that do not fit the layers (%s) without leaking', async (_label, edit) => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 3 });
    editModelJson(path, edit);
    const before = tf.memory().numTensors;
    const error = await expectRefusal(loadClassifier(modelSpec(path)), 'MODEL_WEIGHTS_MISMATCH');
    expect(error.message).toContain(path);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses a declared format that does not match the file', async () => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 3 });
    await expectRefusal(loadClassifier(modelSpec(path, { format: 'graph' })), 'MODEL_FORMAT');
    model.dispose();
  });

  it('refuses inputs with unknown non-batch dimensions', async () => {
    const dir = nextDir();
    const model = tf.sequential({ layers: [tf.layers.globalAveragePooling1d({ inputShape: [null as unknown as number, 3] }), tf.layers.dense({ units: 2 })] });
    await saveLayersModel(model, dir);
    const error = await expectRefusal(loadClassifier(modelSpec(join(dir, 'model.json'))), 'MODEL_INPUT_SHAPE');
    expect(error.message).toContain('[None, None, 3]');
    model.dispose();
  });

  it('refuses batches of the wrong sample shape', async () => {
    const { model, path } = await writeDenseModel(nextDir(), { units: 3 });
    const { classifier } = await loadClassifier(modelSpec(path));
    const x = tf.zeros([2, 5]);
    expect(() => classifier.logits(x)).toThrow(/samples of shape \[4\]/);
    x.dispose();
    classifier.dispose();
    model.dispose();
  });
});
