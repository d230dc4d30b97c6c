import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashModelFiles } from '../../src/model/hash.js';
import { readModelFiles } from '../../src/model/model-files.js';
import {
  expectRefusal, float32Bytes, isWithin, makeTempDir, manifestModel, recordingReader, removeDir, writeRawModel,
} from './model-test-helpers.js';

let root: string;
beforeAll(() => {
  root = makeTempDir();
});
afterAll(() => removeDir(root));

describe('hashModelFiles', () => {
  it('hashes model.json then each weight file in manifest order', async () => {
    const dir = join(root, 'ordered');
    const path = writeRawModel(dir, manifestModel(['b.bin', 'a.bin'], [{ name: 'w', shape: [3], dtype: 'float32' }]), {
      'a.bin': float32Bytes([1]),
      'b.bin': float32Bytes([2, 3]),
    });
    const expected = createHash('sha256')
      .update(readFileSync(path)).update(readFileSync(join(dir, 'b.bin'))).update(readFileSync(join(dir, 'a.bin')))
      .digest('hex');
    expect(await hashModelFiles(path)).toBe(expected);
    // Loading computes the same hash from the very bytes it loads.
    expect((await readModelFiles(path)).sha256).toBe(expected);
  });

  it('changes when one weight byte changes', async () => {
    const dir = join(root, 'flip');
    const path = writeRawModel(dir, manifestModel(['w.bin'], [{ name: 'w', shape: [2], dtype: 'float32' }]), { 'w.bin': float32Bytes([1, 2]) });
    const before = await hashModelFiles(path);
    writeFileSync(join(dir, 'w.bin'), float32Bytes([1, 2.0000002]));
    expect(await hashModelFiles(path)).not.toBe(before);
  });

  it('applies the same path checks as loading', async () => {
    const dir = join(root, 'escape');
    writeFileSync(join(root, 'secret.bin'), float32Bytes([1]));
    const path = writeRawModel(dir, manifestModel(['../secret.bin'], [{ name: 'w', shape: [1], dtype: 'float32' }]));
    const { reader, calls } = recordingReader();
    await expectRefusal(hashModelFiles(path, reader), 'MODEL_PATH_ESCAPE');
    for (const call of calls) expect(isWithin(dir, call.path)).toBe(true);
  });
});
