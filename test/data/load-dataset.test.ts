import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load-dataset.js';
import type { ExpectedData } from '../../src/data/expected-data.js';
import type { ResolvedSuite } from '../../src/suite/types.js';
import { gz, idx, npy, npz, ramp, tempFolder } from './fixtures.js';

const folder = tempFolder();
afterAll(() => folder.remove());

/** A 2×2 single-channel model with 10 classes, the shape most cases use. */
const small: ExpectedData = { inputShape: [2, 2, 1], inputRange: [0, 1], numClasses: 10 };

function spec(path: string, extra: Partial<ResolvedSuite['data']> = {}): ResolvedSuite['data'] {
  return { path, labels: 'file', batchSize: 128, ...extra };
}

/** All values of all samples, in order. */
function allValues(dataset: Awaited<ReturnType<typeof loadDataset>>): number[] {
  return Array.from(dataset.read(Array.from({ length: dataset.size }, (_, i) => i)).x);
}

function allLabels(dataset: Awaited<ReturnType<typeof loadDataset>>): number[] {
  return Array.from(dataset.read(Array.from({ length: dataset.size }, (_, i) => i)).y ?? []);
}

describe('loadDataset: formats', () => {
  it('reads float32 .npy inputs with .npy labels, unscaled', async () => {
    const x = folder.write('f32.npy', npy(new Float32Array([0, 0.25, 0.5, 1, 0.1, 0.2, 0.3, 0.4]), [2, 2, 2, 1]));
    const y = folder.write('f32-labels.npy', npy(new Int32Array([3, 9]), [2]));
    const dataset = await loadDataset(spec(x, { labelsPath: y }), small);
    expect(dataset.size).toBe(2);
    expect(dataset.sampleShape).toEqual([2, 2, 1]);
    expect(dataset.hasLabels).toBe(true);
    expect(allValues(dataset)).toEqual(Array.from(new Float32Array([0, 0.25, 0.5, 1, 0.1, 0.2, 0.3, 0.4])));
    expect(allLabels(dataset)).toEqual([3, 9]);
    const batch = dataset.read([1]);
    expect(batch.indices).toEqual([1]);
    expect(Array.from(batch.y!)).toEqual([9]);
  });

  it('scales uint8 pixels by 1/255 by default, with 255 landing exactly on 1', async () => {
    const x = folder.write('u8.npy', npy(new Uint8Array([0, 51, 255, 102]), [1, 2, 2, 1]));
    const dataset = await loadDataset(spec(x, { labels: 'predicted' }), small);
    expect(allValues(dataset)).toEqual([0, Math.fround(0.2), 1, Math.fround(0.4)]);
    expect(dataset.hasLabels).toBe(false);
  });

  it('applies an explicit scale instead of the default', async () => {
    const x = folder.write('u8-scale.npy', npy(new Uint8Array([0, 10, 20, 100]), [1, 2, 2, 1]));
    const dataset = await loadDataset(spec(x, { labels: 'predicted', scale: 0.01 }), small);
    expect(allValues(dataset)).toEqual([0, 0.1, 0.2, 1].map(Math.fround));
  });

  it('reads float64 inputs (scale 1) and int64 inputs and labels (scale 1/255)', async () => {
    const f64 = folder.write('f64.npy', npy(new Float64Array([0.125, 0.5, 0.75, 1]), [1, 2, 2, 1]));
    const i64 = folder.write('i64.npy', npy(new BigInt64Array([0n, 255n, 51n, 0n]), [1, 2, 2, 1]));
    const labels = folder.write('i64-labels.npy', npy(new BigInt64Array([7n]), [1]));
    expect(allValues(await loadDataset(spec(f64, { labels: 'predicted' }), small))).toEqual([0.125, 0.5, 0.75, 1]);
    const dataset = await loadDataset(spec(i64, { labelsPath: labels }), small);
    expect(allValues(dataset)).toEqual([0, 1, Math.fround(0.2), 0]);
    expect(allLabels(dataset)).toEqual([7]);
  });

  it('adds a missing trailing channel axis of 1 ([n,2,2] data for a [2,2,1] model)', async () => {
    const x = folder.write('no-channel.npy', npy(new Float32Array(8).fill(0.5), [2, 2, 2]));
    const dataset = await loadDataset(spec(x, { labels: 'predicted' }), small);
    expect(dataset.sampleShape).toEqual([2, 2, 1]);
    expect(dataset.size).toBe(2);
  });

  it('treats non-positive model dimensions as any size', async () => {
    const x = folder.write('wild.npy', npy(new Float32Array(12).fill(0), [2, 3, 2]));
    const dataset = await loadDataset(spec(x, { labels: 'predicted' }), { ...small, inputShape: [-1, 2] });
    expect(dataset.sampleShape).toEqual([3, 2]);
  });

  it('reads .npz with the default keys x/y', async () => {
    const file = folder.write('default.npz', npz({
      x: npy(new Uint8Array(ramp(8)), [2, 2, 2, 1]),
      y: npy(new Uint8Array([1, 2]), [2]),
      x_train: npy(new Uint8Array(4), [1, 2, 2, 1]),
    }));
    const dataset = await loadDataset(spec(file), small);
    expect(dataset.size).toBe(2);
    expect(allLabels(dataset)).toEqual([1, 2]);
    expect(allValues(dataset)[7]).toBe(Math.fround(7 / 255));
  });

  it('reads .npz with custom keys, and the fallback names images/labels and x_test/y_test', async () => {
    const custom = folder.write('custom.npz', npz({
      pixels: npy(new Float32Array(4).fill(0.5), [1, 2, 2, 1]), target: npy(new Int32Array([4]), [1]),
    }));
    expect(allLabels(await loadDataset(spec(custom, { x: 'pixels', y: 'target' }), small))).toEqual([4]);
    const named = folder.write('named.npz', npz({
      images: npy(new Float32Array(4), [1, 2, 2]), labels: npy(new Int32Array([5]), [1]),
    }));
    expect(allLabels(await loadDataset(spec(named), small))).toEqual([5]);
    const split = folder.write('split.npz', npz({
      x_test: npy(new Float32Array(4), [1, 2, 2, 1]), y_test: npy(new Int32Array([6]), [1]),
    }));
    expect(allLabels(await loadDataset(spec(split), small))).toEqual([6]);
  });

  it('reads one-hot and [n, 1] labels', async () => {
    const oneHot = new Float32Array(20);
    oneHot[3] = 1;
    oneHot[10 + 8] = 1;
    const file = folder.write('onehot.npz', npz({ x: npy(new Float32Array(8), [2, 2, 2, 1]), y: npy(oneHot, [2, 10]) }));
    expect(allLabels(await loadDataset(spec(file), small))).toEqual([3, 8]);
    const column = folder.write('column.npz', npz({ x: npy(new Float32Array(8), [2, 2, 2, 1]), y: npy(new Int32Array([2, 4]), [2, 1]) }));
    expect(allLabels(await loadDataset(spec(column), small))).toEqual([2, 4]);
  });

  it('reads raw IDX with IDX labels', async () => {
    const x = folder.write('images-idx3-ubyte', idx(new Uint8Array(ramp(12)), [3, 2, 2]));
    const y = folder.write('labels-idx1-ubyte', idx(new Uint8Array([0, 9, 4]), [3]));
    const dataset = await loadDataset(spec(x, { labelsPath: y }), small);
    expect(dataset.size).toBe(3);
    expect(dataset.sampleShape).toEqual([2, 2, 1]);
    expect(allLabels(dataset)).toEqual([0, 9, 4]);
    expect(allValues(dataset)[11]).toBe(Math.fround(11 / 255));
  });

  it('reads gzipped IDX (.idx.gz and -ubyte.gz) with gzipped labels, and float32 IDX unscaled', async () => {
    const x = folder.write('images.idx.gz', gz(idx(new Uint8Array(ramp(8, 200)), [2, 2, 2])));
    const y = folder.write('t10k-labels-idx1-ubyte.gz', gz(idx(new Uint8Array([1, 2]), [2])));
    expect(allLabels(await loadDataset(spec(x, { labelsPath: y }), small))).toEqual([1, 2]);
    const floats = folder.write('floats-idx3-ubyte.gz', gz(idx(new Float32Array([0.5, 0.25, 0, 1]), [1, 2, 2])));
    expect(allValues(await loadDataset(spec(floats, { labels: 'predicted' }), small))).toEqual([0.5, 0.25, 0, 1]);
  });

  it('uses data.format over the extension and sniffs the content of unknown extensions', async () => {
    const bytes = npy(new Float32Array(4), [1, 2, 2, 1]);
    const odd = folder.write('inputs.bin', bytes);
    expect((await loadDataset(spec(odd, { labels: 'predicted', format: 'npy' }), small)).size).toBe(1);
    expect((await loadDataset(spec(odd, { labels: 'predicted' }), small)).size).toBe(1);
    const gzippedNpy = folder.write('inputs.npy.gz', gz(bytes));
    expect((await loadDataset(spec(gzippedNpy, { labels: 'predicted' }), small)).size).toBe(1);
  });

  it('ignores labels when data.labels is "predicted"', async () => {
    const file = folder.write('predicted.npz', npz({ x: npy(new Float32Array(4), [1, 2, 2, 1]), y: npy(new Int32Array([99]), [1]) }));
    const dataset = await loadDataset(spec(file, { labels: 'predicted' }), small);
    expect(dataset.hasLabels).toBe(false);
    expect(dataset.read([0]).y).toBeUndefined();
  });

  it('clamps values past a bound by float rounding only', async () => {
    const x = folder.write('rounding.npy', npy(new Float32Array([1.0000001, -1e-8, 0.5, 0.5]), [1, 2, 2, 1]));
    const values = allValues(await loadDataset(spec(x, { labels: 'predicted' }), small));
    expect(values.slice(0, 2)).toEqual([1, 0]);
  });
});

const fashionImages = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz';
const fashionLabels = '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz';

describe('loadDataset: Fashion-MNIST from Debian', () => {
  it.skipIf(!existsSync(fashionImages) || !existsSync(fashionLabels))('loads the 10,000 test images with labels 0..9', async () => {
    const dataset = await loadDataset(spec(fashionImages, { labelsPath: fashionLabels }),
      { inputShape: [28, 28, 1], inputRange: [0, 1], numClasses: 10 });
    expect(dataset.size).toBe(10_000);
    expect(dataset.sampleShape).toEqual([28, 28, 1]);
    const labels = allLabels(dataset);
    expect(labels).toHaveLength(10_000);
    const counts = new Array(10).fill(0);
    for (const label of labels) counts[label]++;
    // The test split is balanced: 1,000 samples per class.
    expect(counts).toEqual(new Array(10).fill(1000));
    const first = dataset.read([0]).x;
    expect(Math.max(...first)).toBeLessThanOrEqual(1);
    expect(Math.max(...first)).toBeGreaterThan(0.5);
  });
});
