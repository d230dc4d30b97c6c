import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import type { Classifier } from '../../src/model/classifier.js';
import { loadClassifier, type LoadedModel } from '../../src/model/load-model.js';
import { writeGraphModelFixture, type GraphModelFixture, type GraphModelFixtureOptions } from '../fixtures/models/graph-model-fixture.js';
import { expectRefusal, makeTempDir, maxAbsDiff, modelSpec, removeDir, seededBatch } from './model-test-helpers.js';

let root: string;
let counter = 0;

beforeAll(async () => {
  const selection = await selectBackend('wasm');
  expect(selection.backend).toBe('wasm');
  root = makeTempDir();
});
afterAll(() => removeDir(root));

async function fixture(options: GraphModelFixtureOptions = {}): Promise<GraphModelFixture> {
  return writeGraphModelFixture(join(root, `f${counter++}`), options);
}

/** Logits and the input gradient of their sum, for one batch. */
function logitsAndGradient(classifier: Classifier, x: tf.Tensor): { logits: tf.Tensor; gradient: tf.Tensor } {
  const logits = classifier.logits(x);
  const gradient = tf.grad((input: tf.Tensor) => classifier.logits(input).sum())(x);
  return { logits, gradient };
}

/** Loads both halves of a fixture and checks they agree on logits (1e-5) and input gradients (1e-4). */
async function expectEquivalent(paths: GraphModelFixture, overrides: Parameters<typeof modelSpec>[1] = {}): Promise<[LoadedModel, LoadedModel]> {
  const layers = await loadClassifier(modelSpec(paths.layersModelJson, overrides));
  const graph = await loadClassifier(modelSpec(paths.graphModelJson, overrides));
  expect(layers.format).toBe('layers');
  expect(graph.format).toBe('graph');
  expect(graph.classifier.inputShape).toEqual(paths.inputShape);
  expect(layers.classifier.inputShape).toEqual(paths.inputShape);
  expect(graph.classifier.numClasses).toBe(paths.numClasses);
  expect(graph.classifier.outputKind).toBe(layers.classifier.outputKind);
  const x = seededBatch(21, 5, paths.inputShape);
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const fromLayers = logitsAndGradient(layers.classifier, x);
    const fromGraph = logitsAndGradient(graph.classifier, x);
    expect(maxAbsDiff(fromGraph.logits, fromLayers.logits)).toBeLessThan(1e-5);
    expect(maxAbsDiff(fromGraph.gradient, fromLayers.gradient)).toBeLessThan(1e-4);
    // A zero gradient would make the comparison vacuous.
    expect(tf.max(tf.abs(fromGraph.gradient)).dataSync()[0]).toBeGreaterThan(1e-3);
  });
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
  return [layers, graph];
}

describe('GraphModel fixture against its LayersModel twin (wasm)', () => {
  it('Conv2D CNN with a logits head: same logits and input gradients', async () => {
    const before = tf.memory().numTensors;
    const [layers, graph] = await expectEquivalent(await fixture());
    expect(graph.classifier.outputKind).toBe('logits');
    expect(graph.outputKindReason).toContain('op BiasAdd');
    layers.classifier.dispose();
    graph.classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('Softmax head: detected from the Softmax op through Identity, log-probabilities agree', async () => {
    const [layers, graph] = await expectEquivalent(await fixture({ head: 'softmax' }));
    expect(graph.classifier.outputKind).toBe('probabilities');
    expect(graph.outputKindReason).toContain('op Softmax');
    expect(layers.classifier.outputKind).toBe('probabilities');
    layers.classifier.dispose();
    graph.classifier.dispose();
  });

  it('DepthwiseConv2dNative: input gradients work on wasm and agree', async () => {
    const [layers, graph] = await expectEquivalent(await fixture({ variant: 'depthwise', seed: 3 }));
    layers.classifier.dispose();
    graph.classifier.dispose();
  });

  it('per-channel preprocess runs inside both models', async () => {
    const [layers, graph] = await expectEquivalent(await fixture({ seed: 5 }), { preprocess: { mean: [0.4, 0.6], std: [0.25, 0.5] } });
    layers.classifier.dispose();
    graph.classifier.dispose();
  });
});

describe('GraphModel endpoints and hostile graphs', () => {
  let paths: GraphModelFixture;
  beforeAll(async () => {
    paths = await fixture({ seed: 9 });
  });

  /** Writes a modified copy of the fixture's graph model.json next to the original weights. */
  function editedGraph(edit: (json: Record<string, any>) => void): string {
    const json = JSON.parse(readFileSync(paths.graphModelJson, 'utf8')) as Record<string, any>;
    edit(json);
    const path = join(paths.graphModelJson, '..', `edited-${counter++}.json`);
    writeFileSync(path, JSON.stringify(json));
    return path;
  }

  const node = (json: Record<string, any>, name: string) => (json.modelTopology.node as Array<Record<string, any>>).find((entry) => entry.name === name)!;

  it.each([
    ['signature keys', 'input', 'output_0'],
    ['node names', 'input', 'Identity'],
    ['tensor names', 'input:0', 'Identity:0'],
  ])('accepts inputName/outputName given as %s', async (_label, inputName, outputName) => {
    const { classifier } = await loadClassifier(modelSpec(paths.graphModelJson, { inputName, outputName }));
    const x = seededBatch(4, 2, paths.inputShape);
    tf.tidy(() => {
      expect(classifier.logits(x).shape).toEqual([2, 4]);
    });
    x.dispose();
    classifier.dispose();
  });

  it('detects the format without a "format" field and without a signature', async () => {
    const path = editedGraph((json) => {
      delete json.format;
      delete json.signature;
    });
    const loaded = await loadClassifier(modelSpec(path));
    expect(loaded.format).toBe('graph');
    expect(loaded.classifier.inputShape).toEqual(paths.inputShape);
    loaded.classifier.dispose();
  });

  it('reads a Sigmoid op over several units as multi-label scores (logits), saying so', async () => {
    const path = editedGraph((json) => {
      json.modelTopology.node.splice(-1, 0, { name: 'dense/Sigmoid', op: 'Sigmoid', input: ['dense/BiasAdd'], attr: {} });
      node(json, 'Identity').input = ['dense/Sigmoid'];
    });
    const { classifier, outputKindReason } = await loadClassifier(modelSpec(path));
    expect(classifier.outputKind).toBe('logits');
    expect(outputKindReason).toMatch(/op Sigmoid.*multi-label/);
    classifier.dispose();
  });

  it('refuses an outputName that is not in the graph, listing the outputs', async () => {
    const error = await expectRefusal(loadClassifier(modelSpec(paths.graphModelJson, { outputName: 'nope' })), 'MODEL_NODE_NAME');
    expect(error.message).toContain('"output_0"');
  });

  it.each([
    ['a dangling input', (json: Record<string, any>) => { node(json, 'conv/Relu').input = ['missing/node']; }],
    ['a node named constructor', (json: Record<string, any>) => { node(json, 'conv/Relu').name = 'constructor'; }],
    ['a duplicate node name', (json: Record<string, any>) => { node(json, 'conv/Relu').name = 'conv/BiasAdd'; }],
    ['a Const without weights', (json: Record<string, any>) => { json.modelTopology.node.push({ name: 'extra', op: 'Const', attr: {} }); }],
    ['a malformed signature', (json: Record<string, any>) => { json.signature.outputs.output_0 = null; }],
  ])('refuses a graph with %s', async (_label, edit) => {
    const before = tf.memory().numTensors;
    const error = await expectRefusal(loadClassifier(modelSpec(editedGraph(edit))), 'MODEL_GRAPH');
    expect(error.message).toContain('edited-');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an op tfjs cannot run, naming it, without leaking weights', async () => {
    const path = editedGraph((json) => { node(json, 'conv/Relu').op = 'FancyActivation'; });
    const before = tf.memory().numTensors;
    const error = await expectRefusal(loadClassifier(modelSpec(path)), 'MODEL_UNSUPPORTED_OP');
    expect(error.message).toContain('FancyActivation');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a placeholder without a fixed sample shape', async () => {
    const path = editedGraph((json) => {
      node(json, 'input').attr.shape.shape.dim[1].size = '-1';
      delete json.signature;
    });
    await expectRefusal(loadClassifier(modelSpec(path)), 'MODEL_INPUT_SHAPE');
  });
});
