/**
 * Resource limits at the library level: layer variables checked against the manifest before tfjs
 * allocates them (no tensors leaked, tfjs left as it was), per-sample and per-batch sizes, and the
 * data-file caps on gzip and `.npz` content.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkMemberSize, hashDataFile, inflateGzip, sha256Hex } from '../../src/data/data-files.js';
import { RobustcheckError } from '../../src/errors.js';
import { selectBackend } from '../../src/model/backend.js';
import { loadClassifier } from '../../src/model/load-model.js';
import { checkSampleSize, modelLimits, weightBudget, withWeightBudget } from '../../src/model/model-limits.js';
import { checkBatchValues, maxBatchValues } from '../../src/runner/batch-limit.js';
import { createCorpusProject, type CorpusProject } from '../fixtures/corpus/manifest.js';

let project: CorpusProject;
beforeAll(async () => {
  await selectBackend('wasm');
  project = await createCorpusProject();
});
afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

/** tfjs's `Layer.prototype.addWeight` (protected in its types), which the budget check wraps while building. */
const currentAddWeight = (): unknown => (tf.layers.Layer.prototype as unknown as { addWeight: unknown }).addWeight;

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> =>
  promise.then(() => undefined, (error: unknown) => (error instanceof RobustcheckError ? error.code : `untyped: ${String(error)}`));

describe('layer variables against the manifest', () => {
  it('refuses a topology whose layers need more than the manifest holds, before allocating, without leaks', async () => {
    const json = project.modelJson();
    json.modelTopology.config.layers[1].config.units = 5_000_000; // an 80 M-value kernel
    const path = join(project.caseDir('limits-unit'), project.writeModel('limits-unit', json));
    const before = tf.memory();
    const addWeight = currentAddWeight();
    // Without the check tfjs would initialise the 320 MB kernel as a variable and refuse it only afterwards.
    const makeVariable = vi.spyOn(tf.engine(), 'makeVariable');
    try {
      expect(await codeOf(loadClassifier({ path, format: 'auto', output: 'auto', inputRange: [0, 1] }))).toBe('MODEL_WEIGHTS_MISMATCH');
      expect(Math.max(0, ...makeVariable.mock.calls.map(([initial]) => initial.size))).toBeLessThanOrEqual(192);
    } finally {
      makeVariable.mockRestore();
    }
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    // tfjs is left as it was for the next model.
    expect(currentAddWeight()).toBe(addWeight);
  });

  it('loads a model that fits its manifest exactly, and restores tfjs after a build that throws', async () => {
    const path = join(project.dir, 'models/mlp/model.json');
    const loaded = await loadClassifier({ path, format: 'auto', output: 'auto', inputRange: [0, 1] });
    expect(loaded.classifier.numClasses).toBe(3);
    loaded.classifier.dispose();
    const addWeight = currentAddWeight();
    await expect(withWeightBudget({ largest: 1, total: 1 }, 'm', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(currentAddWeight()).toBe(addWeight);
  });

  it('budgets from the manifest: the largest weight and the total, in values', () => {
    expect(weightBudget([{ name: 'a', shape: [16, 12], dtype: 'float32' }, { name: 'b', shape: [12], dtype: 'float32' }])).toEqual({ largest: 192, total: 204 });
    expect(weightBudget([])).toEqual({ largest: 0, total: 0 });
  });
});

describe('input and batch sizes', () => {
  it('accepts a sample of exactly the limit and refuses one value more', () => {
    expect(() => checkSampleSize([4096, 4096, 1], 'm.json')).not.toThrow();
    expect(modelLimits.maxSampleValues).toBe(4096 * 4096);
    expect(() => checkSampleSize([4096, 4097, 1], 'm.json')).toThrow(/16781312 values per sample\), over the limit of 16777216/);
  });

  it('names the largest batch size that fits', () => {
    expect(() => checkBatchValues(4, 2 ** 24, 's.json')).not.toThrow();
    expect(maxBatchValues).toBe(2 ** 26);
    expect(() => checkBatchValues(5, 2 ** 24, 's.json')).toThrow(/Set data\.batchSize to 4 or less/);
  });
});

describe('data-file caps', () => {
  it('inflates gzip up to the cap and refuses more, without inflating the rest', () => {
    const bytes = new Uint8Array(gzipSync(new Uint8Array(4096)));
    expect(inflateGzip('f.gz', bytes, 4096)).toHaveLength(4096);
    expect(() => inflateGzip('f.gz', bytes, 4095)).toThrow(/inflates to more bytes, over the 4095-byte/);
    expect(() => inflateGzip('f.gz', new Uint8Array(gzipSync(bytes)), 1 << 20)).toThrow(/gzipped twice/);
    expect(() => inflateGzip('f.gz', bytes.subarray(0, 10), 1 << 20)).toThrow(/corrupt or truncated gzip data/);
  });

  it('refuses an .npz member that declares more than the cap', () => {
    expect(() => checkMemberSize('d.npz', 'x', 100, 100)).not.toThrow();
    expect(() => checkMemberSize('d.npz', 'x', 101, 100)).toThrow(/array "x" declares 101 bytes uncompressed/);
  });

  it('hashes a file by streaming to the same value as hashing its bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'robustcheck-hash-'));
    const bytes = new Uint8Array(3 * 65536 + 7).map((_, i) => (i * 31) % 251);
    writeFileSync(join(dir, 'data.bin'), bytes);
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(sha256Hex(bytes)).toBe(expected);
    expect(await hashDataFile(join(dir, 'data.bin'))).toBe(expected);
    expect(await codeOf(hashDataFile(dir))).toBe('DATA_MISSING');
    rmSync(dir, { recursive: true, force: true });
  });
});
