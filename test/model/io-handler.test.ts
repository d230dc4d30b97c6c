import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSafeIOHandler } from '../../src/model/io-handler.js';
import {
  expectRefusal, float32Bytes, isWithin, makeTempDir, manifestModel, recordingReader, removeDir, writeRawModel,
} from './model-test-helpers.js';

let root: string;
let caseNumber = 0;

/** A fresh model folder per case; `root/outside.bin` is a valid 16-byte weight file outside all of them. */
function modelDir(): string {
  return join(root, `model-${caseNumber++}`);
}

const fourFloats = { name: 'w', shape: [4], dtype: 'float32' };

beforeAll(() => {
  root = makeTempDir();
  writeFileSync(join(root, 'outside.bin'), float32Bytes([9, 9, 9, 9]));
});
afterAll(() => removeDir(root));

describe('createSafeIOHandler: valid models', () => {
  it('loads shards in manifest order and joins them', async () => {
    const dir = modelDir();
    const path = writeRawModel(dir, {
      ...manifestModel(['a.bin', 'sub/b.bin'], [{ name: 'w', shape: [2, 2], dtype: 'float32' }, { name: 'n', shape: [2], dtype: 'int32' }, { name: 'f', shape: [3], dtype: 'bool' }]),
      signature: { note: 'kept' },
    }, {
      // Shards split mid-weight, as tfjs's 4 MB sharding does: only the group total must match.
      'a.bin': float32Bytes([1, 2, 3]),
      'sub/b.bin': new Uint8Array([...float32Bytes([4]), ...new Uint8Array(Int32Array.from([7, -8]).buffer), 1, 0, 1]),
    });
    const artifacts = await createSafeIOHandler(path).load();
    expect(artifacts.format).toBe('layers-model');
    expect(artifacts.weightSpecs?.map((spec) => spec.name)).toEqual(['w', 'n', 'f']);
    const decoded = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
    expect(Array.from(decoded.w!.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(decoded.n!.dataSync())).toEqual([7, -8]);
    expect(Array.from(decoded.f!.dataSync())).toEqual([1, 0, 1]);
    tf.dispose(Object.values(decoded));
  });

  it('accepts a uint8-quantized weight with scale and min', async () => {
    const path = writeRawModel(modelDir(), manifestModel(['q.bin'], [{ name: 'q', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } }]), {
      'q.bin': new Uint8Array([0, 2, 4]),
    });
    const artifacts = await createSafeIOHandler(path).load();
    const decoded = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
    expect(Array.from(decoded.q!.dataSync())).toEqual([-1, 0, 1]);
    tf.dispose(Object.values(decoded));
  });

  it('accepts a model without weights', async () => {
    const path = writeRawModel(modelDir(), { modelTopology: { class_name: 'Sequential', config: {} }, weightsManifest: [] });
    const artifacts = await createSafeIOHandler(path).load();
    expect(artifacts.weightSpecs).toEqual([]);
    expect(artifacts.weightData).toBeInstanceOf(ArrayBuffer);
  });
});

describe('createSafeIOHandler: weight paths that leave the model folder', () => {
  const cases: Array<[string, (dir: string) => string]> = [
    ['a ".." segment', () => '../outside.bin'],
    ['a ".." segment after a folder', () => 'sub/../../outside.bin'],
    ['an absolute path', () => join(root, 'outside.bin')],
    ['a file symlink pointing outside', (dir) => {
      symlinkSync(join(root, 'outside.bin'), join(dir, 'link.bin'));
      return 'link.bin';
    }],
    ['a folder symlink pointing outside', (dir) => {
      symlinkSync(root, join(dir, 'up'));
      return 'up/outside.bin';
    }],
    ['URL-encoded dots', () => '%2e%2e/outside.bin'],
    ['upper-case URL-encoded dots', () => '%2E%2E%2Foutside.bin'],
    ['a backslash', () => '..\\outside.bin'],
    ['a NUL byte', () => 'weights.bin\u0000../outside.bin'],
    ['a URL scheme', () => `file://${join(root, 'outside.bin')}`],
  ];

  it.each(cases)('refuses %s and opens nothing outside the folder', async (_label, makePath) => {
    const dir = modelDir();
    mkdirSync(dir, { recursive: true });
    const weightPath = makePath(dir);
    const path = writeRawModel(dir, manifestModel([weightPath], [fourFloats]));
    const { reader, calls } = recordingReader();
    const error = await expectRefusal(createSafeIOHandler(path, { reader }).load(), 'MODEL_PATH_ESCAPE');
    expect(error.message).toContain(path);
    expect(error.message).not.toMatch(/\n\s+at /);
    for (const call of calls) expect(isWithin(dir, call.path), `${call.op} ${call.path}`).toBe(true);
    // Only model.json itself was read; no weight file was stat'ed or read.
    expect(calls.filter((call) => call.op === 'readFile').map((call) => call.path)).toEqual([path]);
    expect(calls.filter((call) => call.op === 'stat').map((call) => call.path)).toEqual([path]);
  });
});

describe('createSafeIOHandler: sizes on disk against the manifest', () => {
  it.each([
    ['shorter', float32Bytes([1, 2, 3]), 12],
    ['longer', float32Bytes([1, 2, 3, 4, 5]), 20],
  ])('refuses a weight file %s than declared, naming the file and both sizes', async (_label, bytes, actual) => {
    const dir = modelDir();
    const path = writeRawModel(dir, manifestModel(['w.bin'], [fourFloats]), { 'w.bin': bytes });
    const { reader, calls } = recordingReader();
    const error = await expectRefusal(createSafeIOHandler(path, { reader }).load(), 'MODEL_WEIGHTS_SIZE');
    expect(error.message).toContain(join(dir, 'w.bin'));
    expect(error.message).toContain(`${actual} bytes`);
    expect(error.message).toContain('16 bytes');
    expect(calls.some((call) => call.op === 'readFile' && call.path.endsWith('w.bin'))).toBe(false);
  });

  it('refuses shards whose total differs from the group total', async () => {
    const path = writeRawModel(modelDir(), manifestModel(['a.bin', 'b.bin'], [fourFloats]), { 'a.bin': float32Bytes([1, 2]), 'b.bin': float32Bytes([3]) });
    const error = await expectRefusal(createSafeIOHandler(path).load(), 'MODEL_WEIGHTS_SIZE');
    expect(error.message).toMatch(/a\.bin.*b\.bin/);
  });

  it('refuses a declared total over maxWeightBytes before touching weight files', async () => {
    const path = writeRawModel(modelDir(), manifestModel(['w.bin'], [fourFloats]), { 'w.bin': float32Bytes([1, 2, 3, 4]) });
    const { reader, calls } = recordingReader();
    await expectRefusal(createSafeIOHandler(path, { reader, maxWeightBytes: 8 }).load(), 'MODEL_WEIGHTS_TOO_LARGE');
    expect(calls.every((call) => !call.path.endsWith('w.bin'))).toBe(true);
  });

  it('refuses a weight path that is a folder', async () => {
    const dir = modelDir();
    mkdirSync(join(dir, 'w.bin'), { recursive: true });
    const path = writeRawModel(dir, manifestModel(['w.bin'], [fourFloats]));
    await expectRefusal(createSafeIOHandler(path).load(), 'MODEL_MISSING');
  });
});

describe('createSafeIOHandler: weight specs', () => {
  const shapeCases: Array<[string, unknown]> = [
    ['negative', [-1, 4]],
    ['fractional', [1.5]],
    ['NaN (null in JSON)', [Number.NaN]],
    ['huge', [65536, 65536, 4]],
    ['a string dimension', ['4']],
    ['not an array', 4],
  ];

  it.each(shapeCases)('refuses a %s shape before opening any weight file', async (_label, shape) => {
    const path = writeRawModel(modelDir(), manifestModel(['w.bin'], [{ ...fourFloats, shape }]), { 'w.bin': float32Bytes([1, 2, 3, 4]) });
    const { reader, calls } = recordingReader();
    const error = await expectRefusal(createSafeIOHandler(path, { reader }).load(), 'MODEL_BAD_SHAPE');
    expect(error.message).toContain('weightsManifest[0].weights[0] ("w")');
    expect(calls.every((call) => !call.path.endsWith('w.bin'))).toBe(true);
  });

  it('refuses an infinite dimension (1e400 in the file)', async () => {
    const text = JSON.stringify(manifestModel(['w.bin'], [{ ...fourFloats, shape: [12345] }])).replace('12345', '1e400');
    const path = writeRawModel(modelDir(), text, { 'w.bin': float32Bytes([1, 2, 3, 4]) });
    await expectRefusal(createSafeIOHandler(path).load(), 'MODEL_BAD_SHAPE');
  });

  it.each(['string', 'complex64', 'float64', undefined])('refuses dtype %s', async (dtype) => {
    const path = writeRawModel(modelDir(), manifestModel(['w.bin'], [{ ...fourFloats, dtype }]), { 'w.bin': float32Bytes([1, 2, 3, 4]) });
    const error = await expectRefusal(createSafeIOHandler(path).load(), 'MODEL_BAD_DTYPE');
    if (dtype === 'string') expect(error.message).toContain('string weights');
  });

  it.each([
    ['an unknown quantization dtype', { dtype: 'int4', scale: 1, min: 0 }],
    ['uint8 without scale and min', { dtype: 'uint8' }],
    ['float16 on an int32 weight', { dtype: 'float16' }, 'int32'],
  ])('refuses %s', async (_label, quantization, dtype = 'float32') => {
    const path = writeRawModel(modelDir(), manifestModel(['w.bin'], [{ ...fourFloats, dtype, quantization }]), { 'w.bin': new Uint8Array(8) });
    await expectRefusal(createSafeIOHandler(path).load(), 'MODEL_BAD_QUANTIZATION');
  });

  it('refuses duplicate weight names', async () => {
    const path = writeRawModel(modelDir(), manifestModel(['w.bin'], [fourFloats, fourFloats]), { 'w.bin': new Uint8Array(32) });
    await expectRefusal(createSafeIOHandler(path).load(), 'MODEL_MANIFEST');
  });
});

describe('createSafeIOHandler: model.json itself', () => {
  it('reports bad JSON with the file name and position', async () => {
    const path = writeRawModel(modelDir(), '{\n  "modelTopology": {},\n  "weightsManifest": [,]\n}');
    const error = await expectRefusal(createSafeIOHandler(path).load(), 'MODEL_JSON');
    expect(error.message).toContain(path);
    expect(error.message).toContain('not valid JSON');
  });

  it('explains NaN in the file', async () => {
    const path = writeRawModel(modelDir(), '{"modelTopology": {}, "weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "w", "shape": [NaN], "dtype": "float32"}]}]}');
    const error = await expectRefusal(createSafeIOHandler(path).load(), 'MODEL_JSON');
    expect(error.message).toContain('NaN and Infinity are not valid JSON');
  });

  it.each([
    ['modelTopology', { weightsManifest: [] }],
    ['weightsManifest', { modelTopology: {} }],
    ['an object at the top', [1, 2]],
  ])('requires %s', async (_label, json) => {
    const path = writeRawModel(modelDir(), json);
    await expectRefusal(createSafeIOHandler(path).load(), 'MODEL_JSON');
  });

  it('refuses __proto__ keys', async () => {
    const path = writeRawModel(modelDir(), '{"modelTopology": {"__proto__": {"polluted": true}}, "weightsManifest": []}');
    await expectRefusal(createSafeIOHandler(path).load(), 'MODEL_JSON');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a model.json over the size limit before reading it', async () => {
    const path = writeRawModel(modelDir(), manifestModel([], []));
    const { reader, calls } = recordingReader();
    await expectRefusal(createSafeIOHandler(path, { reader, maxModelJsonBytes: 10 }).load(), 'MODEL_JSON_TOO_LARGE');
    expect(calls.some((call) => call.op === 'readFile')).toBe(false);
  });

  it('reports a missing model.json', async () => {
    const path = join(modelDir(), 'model.json');
    const error = await expectRefusal(createSafeIOHandler(path).load(), 'MODEL_MISSING');
    expect(error.message).toContain('model.path');
  });

  it('reports a missing weight file by name', async () => {
    const dir = modelDir();
    const path = writeRawModel(dir, manifestModel(['gone.bin'], [fourFloats]));
    const error = await expectRefusal(createSafeIOHandler(path).load(), 'MODEL_MISSING');
    expect(error.message).toContain(join(dir, 'gone.bin'));
  });

  it('refuses non-string manifest paths', async () => {
    const path = writeRawModel(modelDir(), manifestModel([42 as unknown as string], [fourFloats]));
    await expectRefusal(createSafeIOHandler(path).load(), 'MODEL_MANIFEST');
  });
});
