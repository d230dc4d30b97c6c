import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load-dataset.js';
import { resizeBilinear } from '../../src/data/image-resize.js';
import { InputError } from '../../src/errors.js';
import type { ResolvedSuite } from '../../src/suite/types.js';

/** A `size × size` PNG of one RGB colour. */
function png(size: number, [r, g, b]: [number, number, number]): Buffer {
  const image = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) image.data.set([r, g, b, 255], i * 4);
  return PNG.sync.write(image);
}

/** A `size × size` grey JPEG (JPEG is lossy, so only a flat grey decodes to itself). */
function greyJpeg(size: number, level: number): Buffer {
  const data = Buffer.alloc(size * size * 4);
  for (let i = 0; i < size * size; i++) data.set([level, level, level, 255], i * 4);
  return jpeg.encode({ data, width: size, height: size }, 100).data;
}

function folder(files: Record<string, Buffer | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'robustcheck-images-'));
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return dir;
}

const spec = (path: string, extra: Partial<ResolvedSuite['data']> = {}) => ({ path, labels: 'file', batchSize: 8, ...extra }) as ResolvedSuite['data'];
const expected = (shape: number[], numClasses = 3) => ({ inputShape: shape, inputRange: [0, 1] as [number, number], numClasses });

describe('image folders', () => {
  it('one subfolder per class (sorted names = labels), PNG and JPEG, resized and scaled to the model input', async () => {
    const dir = folder({ 'cat/a.png': png(8, [255, 255, 255]), 'cat/b.jpg': greyJpeg(8, 128), 'dog/c.png': png(6, [0, 0, 0]), 'dog/notes.txt': 'ignored' });
    const data = await loadDataset(spec(dir), expected([4, 4, 1]));
    expect(data).toMatchObject({ size: 3, sampleShape: [4, 4, 1], hasLabels: true });
    const batch = data.read([0, 1, 2]);
    expect(Array.from(batch.y!)).toEqual([0, 0, 1]);
    expect(batch.x.slice(0, 16).every((value) => Math.abs(value - 1) < 1e-6)).toBe(true);
    expect(Math.abs(batch.x[16]! - 128 / 255)).toBeLessThan(2 / 255);
    expect(batch.x.slice(32).every((value) => value === 0)).toBe(true);
    expect(data.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('RGB models get RGB; a labels CSV or JSON labels a flat folder', async () => {
    const dir = folder({ 'x.png': png(2, [255, 0, 0]), 'y.png': png(2, [0, 0, 255]), 'labels.csv': 'file,label\nx.png,2\ny.png,0\n', 'labels.json': '{"x.png": 1, "y.png": 2}' });
    const csv = await loadDataset(spec(dir, { labelsPath: join(dir, 'labels.csv') }), expected([2, 2, 3]));
    const batch = csv.read([0, 1]);
    expect(Array.from(batch.x.slice(0, 3))).toEqual([1, 0, 0]);
    expect(Array.from(batch.y!)).toEqual([2, 0]);
    expect(csv.labelsSha256).toMatch(/^[0-9a-f]{64}$/);
    const json = await loadDataset(spec(dir, { labelsPath: join(dir, 'labels.json') }), expected([2, 2, 3]));
    expect(Array.from(json.read([0, 1]).y!)).toEqual([1, 2]);
    const unlabelled = await loadDataset(spec(dir, { labels: 'predicted' }), expected([2, 2, 3]));
    expect(unlabelled.hasLabels).toBe(false);
  });

  it('says what is wrong: no class folders, no label for a file, resize "none" with another size, an undecodable image', async () => {
    const flat = folder({ 'x.png': png(2, [1, 2, 3]) });
    await expect(loadDataset(spec(flat), expected([2, 2, 1]))).rejects.toThrow(/no class subfolders.*data\.labelsPath.*"predicted"/);
    const missing = folder({ 'x.png': png(2, [1, 2, 3]), 'y.png': png(2, [1, 2, 3]), 'labels.csv': 'x.png,1\n' });
    await expect(loadDataset(spec(missing, { labelsPath: join(missing, 'labels.csv') }), expected([2, 2, 1]))).rejects.toThrow(/no label for image "y\.png"/);
    const sized = folder({ 'a/x.png': png(3, [1, 2, 3]) });
    await expect(loadDataset(spec(sized, { resize: 'none' }), expected([2, 2, 1]))).rejects.toThrow(/3×3 pixels but the model takes 2×2/);
    const broken = folder({ 'a/x.png': 'not a png' });
    const error = await loadDataset(spec(broken), expected([2, 2, 1])).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('DATA_FORMAT');
  });

  it('bilinear resize with half-pixel centres: identity at the same size, averages when halving', () => {
    const image = Float32Array.of(0, 2, 4, 6);
    expect(resizeBilinear(image, [2, 2], [2, 2], 1)).toBe(image);
    expect(Array.from(resizeBilinear(image, [2, 2], [1, 1], 1))).toEqual([3]);
    expect(Array.from(resizeBilinear(Float32Array.of(0, 4), [1, 2], [1, 4], 1))).toEqual([0, 1, 3, 4]);
  });
});
