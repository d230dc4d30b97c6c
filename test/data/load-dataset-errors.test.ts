import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import type { ExpectedData } from '../../src/data/expected-data.js';
import type { ResolvedSuite } from '../../src/suite/types.js';
import { gz, idx, npy, npyBytes, npz, tempFolder } from './fixtures.js';

const folder = tempFolder();
afterAll(() => folder.remove());

const small: ExpectedData = { inputShape: [2, 2, 1], inputRange: [0, 1], numClasses: 10 };

function spec(path: string, extra: Partial<ResolvedSuite['data']> = {}): ResolvedSuite['data'] {
  return { path, labels: 'predicted', batchSize: 128, ...extra };
}

/** Loads and expects an InputError (exit 2) with `code` whose message contains every fragment. */
async function expectError(data: ResolvedSuite['data'], code: string, fragments: (string | RegExp)[], expected = small): Promise<InputError> {
  const error = await loadDataset(data, expected).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(InputError);
  const inputError = error as InputError;
  expect({ code: inputError.code, exitCode: inputError.exitCode }).toEqual({ code, exitCode: 2 });
  for (const fragment of fragments) expect(inputError.message).toMatch(fragment);
  return inputError;
}

const good = npy(new Float32Array(8).fill(0.5), [2, 2, 2, 1]);

describe('loadDataset: missing files (DATA_MISSING)', () => {
  it('rejects a missing data file, a folder without images, and a missing labels file', async () => {
    const missing = join(folder.dir, 'nope.npy');
    await expectError(spec(missing), 'DATA_MISSING', ['nope.npy', 'no such file']);
    // A folder is read as an image folder (one subfolder per class): without images it is empty.
    await expectError(spec(folder.dir), 'DATA_EMPTY', ['no .png, .jpg or .jpeg images']);
    const x = folder.write('with-missing-labels.npy', good);
    await expectError(spec(x, { labels: 'file', labelsPath: join(folder.dir, 'labels.npy') }), 'DATA_MISSING', ['labels.npy']);
  });
});

describe('loadDataset: malformed files (DATA_FORMAT)', () => {
  it('rejects a truncated .npy body, naming the file and the byte counts', async () => {
    const file = folder.write('truncated.npy', good.subarray(0, good.length - 3));
    const error = await expectError(spec(file), 'DATA_FORMAT', ['truncated.npy', /truncated/, /declares 8 values/]);
    expect(error.problems[0]!.file).toBe(file);
  });

  it('rejects a truncated .npy header, a bad magic, a bad header and an unsupported dtype', async () => {
    await expectError(spec(folder.write('short-header.npy', good.subarray(0, 40))), 'DATA_FORMAT', [/truncated .npy header/]);
    await expectError(spec(folder.write('tiny.npy', good.subarray(0, 7))), 'DATA_FORMAT', [/truncated/]);
    // Format 2.0 has a 4-byte header length at bytes 8–11; 11 bytes used to throw a RangeError.
    const version2 = Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0, 16, 0, 0]);
    await expectError(spec(folder.write('v2.npy', version2)), 'DATA_FORMAT', [/truncated .npy header/]);
    const version9 = Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 9, 0, 0, 0, 0, 0]);
    await expectError(spec(folder.write('v9.npy', version9)), 'DATA_FORMAT', [/version 9/]);
    await expectError(spec(folder.write('magic.npy', new TextEncoder().encode('hello, not numpy'))), 'DATA_FORMAT', [/bad magic/]);
    const badHeader = npyBytes('<f4', [1], new Uint8Array(4), "{'descr': '<f4', 'shape': (1,)}");
    await expectError(spec(folder.write('header.npy', badHeader)), 'DATA_FORMAT', [/malformed .npy header/]);
    // Big-endian dtypes are read (test/data/npy-layout.test.ts); complex numbers and strings are not.
    const complex = npyBytes('<c8', [1, 2, 2, 1], new Uint8Array(32));
    await expectError(spec(folder.write('complex.npy', complex)), 'DATA_FORMAT', [/unsupported dtype "<c8"/]);
  });

  it('rejects truncated IDX (raw and gzipped) and a gzip stream cut short', async () => {
    const images = idx(new Uint8Array(8), [2, 2, 2]);
    await expectError(spec(folder.write('cut-idx3-ubyte', images.subarray(0, 15))), 'DATA_FORMAT', ['cut-idx3-ubyte', /truncated/]);
    await expectError(spec(folder.write('cut-header.idx', images.subarray(0, 9))), 'DATA_FORMAT', [/truncated IDX header/]);
    await expectError(spec(folder.write('inner-idx3-ubyte.gz', gz(images.subarray(0, 15)))), 'DATA_FORMAT', [/truncated/]);
    const zipped = gz(images);
    await expectError(spec(folder.write('cut-idx3-ubyte.gz', zipped.subarray(0, zipped.length - 6))), 'DATA_FORMAT', [/gzip/]);
  });

  it('rejects a truncated .npz and one without the named or default arrays, listing what it holds', async () => {
    const archive = npz({ x: good });
    await expectError(spec(folder.write('cut.npz', archive.subarray(0, archive.length - 10))), 'DATA_FORMAT', ['cut.npz', /zip/]);
    const other = folder.write('other.npz', npz({ pixels: good }));
    await expectError(spec(other), 'DATA_FORMAT', [/no array/, /data\.x/, /pixels/]);
    await expectError(spec(other, { x: 'inputs' }), 'DATA_FORMAT', [/"inputs"/, /pixels/]);
    const corrupt = npz({ x: good.subarray(0, good.length - 1) });
    await expectError(spec(folder.write('bad-member.npz', corrupt)), 'DATA_FORMAT', [/member "x.npy"/, /truncated/]);
  });

  it('rejects an unknown format and hints when data.format contradicts the content', async () => {
    await expectError(spec(folder.write('data.csv', 'a,b\n1,2\n')), 'DATA_FORMAT', [/unknown data format/, /data\.format/]);
    await expectError(spec(folder.write('really-npy.bin', good), { format: 'idx' }), 'DATA_FORMAT', [/looks like npy/]);
  });
});

describe('loadDataset: shapes (DATA_SHAPE, DATA_EMPTY)', () => {
  it('names both shapes when samples do not fit the model', async () => {
    const file = folder.write('rgb.npy', npy(new Float32Array(24), [2, 2, 2, 3]));
    await expectError(spec(file), 'DATA_SHAPE', ['rgb.npy', '[2, 2, 3]', '[2, 2, 1]']);
    const wide = folder.write('wide.npy', npy(new Float32Array(12), [2, 2, 3]));
    await expectError(spec(wide), 'DATA_SHAPE', ['[2, 3]', '[2, 2, 1]']);
  });

  it('hints at channels-first data', async () => {
    const file = folder.write('nchw.npy', npy(new Float32Array(24), [1, 3, 2, 4]));
    await expectError(spec(file), 'DATA_SHAPE', [/channels-first/], { ...small, inputShape: [2, 4, 3] });
  });

  it('rejects rank-0 and rank-1 inputs', async () => {
    await expectError(spec(folder.write('scalar.npy', npyBytes('<f4', [], new Uint8Array(4)))), 'DATA_SHAPE', [/rank 0/]);
    await expectError(spec(folder.write('vector.npy', npy(new Float32Array(4), [4]))), 'DATA_SHAPE', [/rank 1/]);
  });

  it('rejects data without samples', async () => {
    await expectError(spec(folder.write('empty.npy', npy(new Float32Array(0), [0, 2, 2, 1]))), 'DATA_EMPTY', ['empty.npy', /no samples/]);
    await expectError(spec(folder.write('empty-idx1-ubyte', idx(new Uint8Array(0), [0, 2, 2]))), 'DATA_EMPTY', [/no samples/]);
  });
});

describe('loadDataset: values (DATA_NAN, DATA_RANGE, DATA_SCALE)', () => {
  it('rejects NaN and Infinity, naming the first sample', async () => {
    const values = new Float32Array(12).fill(0.5);
    values[6] = Number.NaN;
    values[9] = Number.POSITIVE_INFINITY;
    const error = await expectError(spec(folder.write('nan.npy', npy(values, [3, 2, 2, 1]))), 'DATA_NAN', ['nan.npy', /sample 1 contains NaN/, /2 non-finite/]);
    expect(error.problems[0]!.location).toBe('sample 1');
    const inf = new Float64Array(4).fill(0.5);
    inf[3] = Number.NEGATIVE_INFINITY;
    await expectError(spec(folder.write('inf.npy', npy(inf, [1, 2, 2, 1]))), 'DATA_NAN', [/sample 0 contains -Infinity/]);
  });

  it('rejects float pixels in 0..255, giving min/max, the first sample, and suggesting scale', async () => {
    const file = folder.write('unscaled.npy', npy(new Float32Array([0, 0.5, 1, 0, 0, 200, 255, 3]), [2, 2, 2, 1]));
    const error = await expectError(spec(file), 'DATA_RANGE',
      ['unscaled.npy', /span \[0, 255\]/, /sample 1/, /data\.scale/, /1\/255/, /model\.inputRange/]);
    expect(error.problems[0]!.location).toBe('sample 1');
  });

  it('checks the range after scaling, against the model range', async () => {
    const file = folder.write('negative.npy', npy(new Float32Array([0, -0.5, 0.5, 1]), [1, 2, 2, 1]));
    await expectError(spec(file), 'DATA_RANGE', [/span \[-0.5, 1\]/, /sample 0/]);
    expect((await loadDataset(spec(file), { ...small, inputRange: [-1, 1] })).size).toBe(1);
    const pixels = folder.write('pixels.npy', npy(new Uint8Array([0, 255, 1, 2]), [1, 2, 2, 1]));
    await expectError(spec(pixels, { scale: 1 }), 'DATA_RANGE', [/span \[0, 255\]/]);
  });

  it('rejects a scale that is not a finite number > 0', async () => {
    await expectError(spec(folder.write('scale.npy', good), { scale: 0 }), 'DATA_SCALE', [/data\.scale/]);
  });
});

describe('loadDataset: labels (DATA_LABELS)', () => {
  const x2 = () => folder.write('two.npy', good);

  it('requires labels when data.labels is "file", saying how to provide them', async () => {
    await expectError(spec(x2(), { labels: 'file' }), 'DATA_LABELS', [/labelsPath/, /"predicted"/]);
    const noY = folder.write('no-y.npz', npz({ x: good }));
    await expectError(spec(noY, { labels: 'file' }), 'DATA_LABELS', [/no labels array/, /data\.y/, /labelsPath/, /"predicted"/]);
    await expectError(spec(noY, { labels: 'file', y: 'target' }), 'DATA_FORMAT', [/"target"/]);
    const images = folder.write('unlabelled-idx3-ubyte', idx(new Uint8Array(8), [2, 2, 2]));
    await expectError(spec(images, { labels: 'file' }), 'DATA_LABELS', [/labelsPath/]);
  });

  it('rejects labels outside [0, numClasses), negative or non-integer, naming the first sample', async () => {
    const tooBig = folder.write('ten.npy', npy(new Int32Array([3, 10]), [2]));
    const error = await expectError(spec(x2(), { labels: 'file', labelsPath: tooBig }), 'DATA_LABELS',
      ['ten.npy', /sample 1 is 10/, /\[0, 10\)/]);
    expect(error.problems[0]!.location).toBe('sample 1');
    const negative = folder.write('negative-labels.npy', npy(new Int32Array([-1, 0]), [2]));
    await expectError(spec(x2(), { labels: 'file', labelsPath: negative }), 'DATA_LABELS', [/sample 0 is -1/]);
    const fractional = folder.write('fraction.npy', npy(new Float32Array([0, 1.5]), [2]));
    await expectError(spec(x2(), { labels: 'file', labelsPath: fractional }), 'DATA_LABELS', [/sample 1 is 1.5, not an integer/]);
    const nanLabel = folder.write('nan-label.npy', npy(new Float32Array([Number.NaN, 1]), [2]));
    await expectError(spec(x2(), { labels: 'file', labelsPath: nanLabel }), 'DATA_LABELS', [/sample 0/]);
  });

  it('hints at 1-based labels', async () => {
    const oneBased = folder.write('one-based.npy', npy(new Int32Array([1, 10]), [2]));
    await expectError(spec(x2(), { labels: 'file', labelsPath: oneBased }), 'DATA_LABELS', [/1-based/]);
  });

  it('rejects a label count that differs from the sample count, and bad label shapes', async () => {
    const three = folder.write('three.npy', npy(new Int32Array([1, 2, 3]), [3]));
    await expectError(spec(x2(), { labels: 'file', labelsPath: three }), 'DATA_LABELS', [/3 labels for 2 samples/]);
    const inNpz = folder.write('count.npz', npz({ x: good, y: npy(new Int32Array([1]), [1]) }));
    await expectError(spec(inNpz, { labels: 'file' }), 'DATA_LABELS', ['count.npz', /1 labels for 2 samples/]);
    const matrix = folder.write('matrix.npy', npy(new Int32Array(6), [2, 3]));
    await expectError(spec(x2(), { labels: 'file', labelsPath: matrix }), 'DATA_LABELS', [/shape \[2, 3\]/, /one-hot/]);
    const notOneHot = folder.write('not-one-hot.npy', npy(new Float32Array(20).fill(0.1), [2, 10]));
    await expectError(spec(x2(), { labels: 'file', labelsPath: notOneHot }), 'DATA_LABELS', [/not one-hot/]);
  });
});
