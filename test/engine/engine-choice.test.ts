import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeModel } from '../../src/engine/onnx/codec.js';
import { translateLayersModel } from '../../src/engine/translate/index.js';
import { selectBackend } from '../../src/model/backend.js';
import { loadClassifier, type LoadedModel } from '../../src/model/load-model.js';
import { writeSortingGraphModel } from '../fixtures/models/converted-graph-fixture.js';
import { runCli } from '../helpers/cli-fixture.js';
import { expectRefusal, makeTempDir, removeDir } from '../model/model-test-helpers.js';
import { modelSpec, relativeError, uniformSamples } from './engine-agreement-helpers.js';
import { loadLayersModelFile } from './fixtures/model-artifacts.js';

/**
 * Which engine runs, and why: `auto` falls back to tfjs naming the ops ONNX Runtime cannot take,
 * `onnxruntime` refuses them (exit 2), `tfjs` is honoured as requested; ONNX files (by
 * `model.format` or the `.onnx` extension) always run on ONNX Runtime and `tfjs` on them is exit 2.
 */

const root = resolve(import.meta.dirname, '../..');
const demoModel = resolve(root, 'suites/models/fashion-cnn/model.json');
let dir: string;

beforeAll(async () => {
  await selectBackend('cpu');
  dir = makeTempDir();
});
afterAll(() => removeDir(dir));

/** Loads, runs `check` on the loaded model, and always disposes its classifier. */
async function withModel(spec: ReturnType<typeof modelSpec>, options: Parameters<typeof loadClassifier>[1], check: (loaded: LoadedModel) => void | Promise<void>): Promise<void> {
  const loaded = await loadClassifier(spec, options);
  try {
    await check(loaded);
  } finally {
    loaded.classifier.dispose();
  }
}

describe('engine choice on a model with an op ONNX Runtime cannot take (TopKV2)', () => {
  let sorting: string;
  beforeAll(() => {
    const folder = join(dir, 'sorting');
    mkdirSync(folder, { recursive: true });
    sorting = writeSortingGraphModel(folder);
  });

  it('auto falls back to tfjs and names TopKV2 in `unsupported` and in the reason', async () => {
    await withModel(modelSpec(sorting), { engine: 'auto', threads: 1 }, ({ engine }) => {
      expect(engine?.engine).toBe('tfjs');
      expect(engine?.unsupported).toContain('TopKV2');
      expect(engine?.reason).toMatch(/^auto: .*TopKV2/);
      expect(engine?.ortVersion).toBeUndefined();
    });
  });

  it('onnxruntime refuses with exit 2 ENGINE_UNSUPPORTED_OPS naming TopKV2', async () => {
    const error = await expectRefusal(loadClassifier(modelSpec(sorting), { engine: 'onnxruntime', threads: 1 }), 'ENGINE_UNSUPPORTED_OPS');
    expect(error.message).toMatch(/TopKV2/);
    expect(error.message).toMatch(/--engine tfjs/);
  });

  it('tfjs runs it on tfjs, "requested"', async () => {
    await withModel(modelSpec(sorting), { engine: 'tfjs' }, ({ engine }) => {
      expect(engine).toEqual({ engine: 'tfjs', reason: 'requested' });
    });
  });
});

describe('engine choice on the demo model', () => {
  it('auto picks onnxruntime because every op translates', async () => {
    await withModel(modelSpec(demoModel), { engine: 'auto', threads: 1 }, ({ engine }) => {
      expect(engine).toMatchObject({ engine: 'onnxruntime', reason: 'auto: every op of the model translates to ONNX', threads: 1 });
      expect(engine?.ortVersion).toMatch(/^\d+\.\d+\.\d+/);
      expect(engine?.unsupported).toBeUndefined();
    });
  });
});

describe('an ONNX file written from the demo model', () => {
  let onnxPath: string;
  let noExtension: string;
  let reference: { logits: Float32Array; raw: Float32Array; kind: string };
  const rows = 6;
  let inputs: Float32Array;

  beforeAll(async () => {
    const layers = await loadLayersModelFile(demoModel);
    const translation = translateLayersModel(layers);
    layers.dispose();
    if (!translation.ok) throw new Error(`demo model did not translate: ${translation.unsupported.join(', ')}`);
    const bytes = encodeModel(translation.forward.graph);
    onnxPath = join(dir, 'fashion-cnn.onnx');
    // No .onnx extension: only `model.format: "onnx"` can make it an ONNX model.
    noExtension = join(dir, 'fashion-cnn.model');
    writeFileSync(onnxPath, bytes);
    writeFileSync(noExtension, bytes);
    const tfjs = await loadClassifier(modelSpec(demoModel), { engine: 'tfjs' });
    try {
      inputs = uniformSamples(tfjs.classifier, rows, 3);
      reference = tf.tidy(() => {
        const x = tf.tensor(inputs, [rows, ...tfjs.classifier.inputShape]);
        return { logits: tfjs.classifier.logits(x).dataSync() as Float32Array, raw: tfjs.classifier.rawOutput(x).dataSync() as Float32Array, kind: tfjs.classifier.outputKind };
      });
    } finally {
      tfjs.classifier.dispose();
    }
  });

  /** Logits and raw output of an ONNX-file classifier equal the tfjs model's (1e-4 relative). */
  function expectSameOutputs(loaded: LoadedModel): void {
    const { classifier } = loaded;
    expect(classifier.inputShape).toEqual([28, 28, 1]);
    expect(classifier.numClasses).toBe(10);
    // The demo's last Dense has no activation: both read its output as logits.
    expect(reference.kind).toBe('logits');
    expect(classifier.outputKind).toBe(reference.kind);
    const actual = tf.tidy(() => {
      const x = tf.tensor(inputs, [rows, 28, 28, 1]);
      return { logits: classifier.logits(x).dataSync() as Float32Array, raw: classifier.rawOutput(x).dataSync() as Float32Array };
    });
    expect(relativeError(actual.logits, reference.logits)).toBeLessThan(1e-4);
    expect(relativeError(actual.raw, reference.raw)).toBeLessThan(1e-4);
  }

  it('runs under model.format "onnx" (no extension) on onnxruntime, logits equal to tfjs within 1e-4', async () => {
    await withModel(modelSpec(noExtension, { format: 'onnx' }), { engine: 'auto', threads: 1 }, (loaded) => {
      expect(loaded.format).toBe('onnx');
      expect(loaded.engine).toMatchObject({ engine: 'onnxruntime', reason: 'auto: ONNX models run on ONNX Runtime' });
      expectSameOutputs(loaded);
    });
  });

  it('is detected by its .onnx extension under format "auto"', async () => {
    await withModel(modelSpec(onnxPath), { engine: 'onnxruntime', threads: 1 }, (loaded) => {
      expect(loaded.format).toBe('onnx');
      expect(loaded.engine).toMatchObject({ engine: 'onnxruntime', reason: 'requested' });
      expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
      expectSameOutputs(loaded);
    });
  });

  it('without the extension and format "auto", it is not taken for ONNX (read as model.json, refused)', async () => {
    const error = await expectRefusal(loadClassifier(modelSpec(noExtension), { engine: 'auto', threads: 1 }), 'MODEL_JSON');
    expect(error.message).toMatch(/is not UTF-8 text. Point model.path at the model.json/);
  });

  it('engine tfjs on it is exit 2 ENGINE_FORMAT', async () => {
    const error = await expectRefusal(loadClassifier(modelSpec(onnxPath), { engine: 'tfjs' }), 'ENGINE_FORMAT');
    expect(error.message).toMatch(/ONNX file.*--engine auto or onnxruntime/);
  });

  it('robustcheck run --engine tfjs on it: exit 2, ENGINE_FORMAT message, no stack trace', () => {
    const suite = join(dir, 'onnx.suite.json');
    writeFileSync(suite, JSON.stringify({
      id: 'onnx-demo',
      model: { path: onnxPath },
      data: { path: resolve(root, 'suites/data/fashion-mnist-test-1k.npz'), batchSize: 16 },
      attacks: [{ id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.03] }],
    }));
    const result = runCli(['run', suite, '--limit', '8', '--engine', 'tfjs', '--out', join(dir, 'out-tfjs')], dir);
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(2);
    expect(output).toMatch(/is an ONNX file, which only the onnxruntime engine runs/);
    expect(output).not.toMatch(/\n\s+at /);
  });
});
