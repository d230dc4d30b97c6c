import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { affineThrough } from '../../attacks/core/affine.js';
import { pixelGrid, sampleBilinear } from '../../attacks/core/bilinear-sample.js';
import { borderIndex, padImages } from '../../attacks/core/borders.js';
import { boxWeights, resizeBox } from '../../attacks/core/box-resize.js';
import { blurImages, gaussianKernel } from '../../attacks/core/gaussian-kernel.js';
import { jpegRoundTripImages } from '../../attacks/core/jpeg-mosaic.js';
import { selectBackend } from '../../src/model/backend.js';
import { fixtureNumbers } from '../helpers/classifiers.js';

/** Known answers for the image helpers the corruptions are built from. */
beforeAll(async () => {
  await selectBackend('wasm');
});

const read = (t: tf.Tensor) => { const values = Array.from(t.dataSync()); t.dispose(); return values; };
const close = (values: number[]) => values.map((v) => expect.closeTo(v, 5));
/** `[1, h, w, 1]` image from rows of numbers. */
const image = (rows: number[][]) => tf.tensor4d(rows.flat(), [1, rows.length, rows[0]!.length, 1]);

describe('borders', () => {
  it('maps outside indices like scipy.ndimage (nearest repeats, reflect mirrors about the edge)', () => {
    expect([-2, -1, 0, 2, 3, 4].map((i) => borderIndex(i, 3, 'nearest'))).toEqual([0, 0, 0, 2, 2, 2]);
    expect([-4, -2, -1, 0, 2, 3, 5, 6].map((i) => borderIndex(i, 3, 'reflect'))).toEqual([2, 1, 0, 0, 2, 2, 0, 0]);
  });

  it('pads wider than the image', () => {
    expect(read(padImages(image([[1, 2]]), 3, 'reflect', 2))).toEqual([2, 2, 1, 1, 2, 2, 1, 1]); // … 2 2 1 | 1 2 | 2 1 1 …
  });
});

describe('gaussian blur', () => {
  it('kernel: scipy radius ⌊truncate·σ + ½⌋, sums to 1, symmetric; σ = 0 is the identity', () => {
    const kernel = Array.from(gaussianKernel(1, 4));
    expect(kernel).toHaveLength(9);
    expect(kernel.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(kernel).toEqual([...kernel].reverse());
    expect(kernel[4]! / kernel[5]!).toBeCloseTo(Math.exp(0.5), 5);
    expect(gaussianKernel(0.7, 3)).toHaveLength(5); // radius ⌊2.1 + 0.5⌋ = 2
    expect(Array.from(gaussianKernel(0))).toEqual([1]);
  });

  it('blurs an impulse into the outer product of the kernel, keeps constants, and does not leak', () => {
    const before = tf.memory().numTensors;
    const impulse = Array.from({ length: 7 }, (_, r) => Array.from({ length: 7 }, (_, c) => (r === 3 && c === 3 ? 1 : 0)));
    const kernel = Array.from(gaussianKernel(0.8));
    const radius = (kernel.length - 1) / 2;
    const expected = impulse.flatMap((row, r) => row.map((_, c) => (kernel[r - 3 + radius] ?? 0) * (kernel[c - 3 + radius] ?? 0)));
    const input = image(impulse);
    expect(read(blurImages(input, 0.8))).toEqual(close(expected));
    input.dispose();
    const flat = tf.fill([2, 5, 6, 3], 0.25) as tf.Tensor4D;
    expect(read(blurImages(flat, [2, 0.5], { mode: 'reflect', truncate: 3 }))).toEqual(close(Array(180).fill(0.25)));
    flat.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('bilinear sampling', () => {
  const input = () => image([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
  const sample = (rows: number[], cols: number[], mode: 'constant' | 'reflect' | 'nearest' = 'constant') => {
    const x = input();
    const result = sampleBilinear(x, tf.tensor3d(rows, [1, 3, 1]), tf.tensor3d(cols, [1, 3, 1]), { mode, fill: -1 });
    x.dispose();
    return read(result);
  };

  it('reads pixels exactly at integer coordinates and interpolates between them', () => {
    const x = input();
    const grid = pixelGrid(3, 3);
    expect(read(sampleBilinear(x, grid.rows.expandDims(0) as tf.Tensor3D, grid.cols.expandDims(0) as tf.Tensor3D, { mode: 'constant' }))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    x.dispose();
    grid.rows.dispose();
    grid.cols.dispose();
    expect(sample([0, 0.5, 1.25], [0.5, 0, 1.5])).toEqual(close([0.5, 1.5, 5.25]));
  });

  it('reads the fill value, the mirrored or the edge pixel outside the image', () => {
    expect(sample([-1, 0, 0], [0, 3, -0.5])).toEqual(close([-1, -1, -0.5]));
    expect(sample([-1, 0, 0], [0, 3, -0.5], 'reflect')).toEqual([0, 2, 0]);
    expect(sample([-1, 4, 0], [0, 0, -0.5], 'nearest')).toEqual([0, 6, 0]);
  });
});

describe('Pillow BOX resize', () => {
  it('averages when shrinking and copies the nearest pixel when enlarging', () => {
    expect(Array.from(boxWeights(4, 2))).toEqual([0.5, 0.5, 0, 0, 0, 0, 0.5, 0.5]);
    expect(Array.from(boxWeights(2, 4))).toEqual([1, 0, 1, 0, 0, 1, 0, 1]);
    const weights = boxWeights(28, 26);
    for (let row = 0; row < 26; row++) expect(weights.slice(row * 28, (row + 1) * 28).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('resizes rows and columns separably', () => {
    const x = image([[0, 2, 4, 6], [8, 10, 12, 14]]);
    expect(read(resizeBox(x, 1, 2))).toEqual(close([5, 9]));
    expect(read(resizeBox(x, 2, 8))).toEqual(close([0, 0, 2, 2, 4, 4, 6, 6, 8, 8, 10, 10, 12, 12, 14, 14]));
    x.dispose();
  });
});

describe('elastic affine part', () => {
  it('is the identity without jitter and maps the moved control points back to the originals', () => {
    expect(affineThrough(28, 28, [0, 0, 0, 0, 0, 0]).map((v) => +v.toFixed(12))).toEqual([1, 0, 0, 0, 1, 0]);
    const jitter = [1.5, -0.5, 0.25, 2, -1, 0.75];
    const [a, b, c, d, e, f] = affineThrough(28, 28, jitter);
    const sources = [[23, 23], [23, 5], [5, 5]];
    sources.forEach(([x, y], i) => {
      const [mx, my] = [x! + jitter[2 * i]!, y! + jitter[2 * i + 1]!];
      expect(a! * mx + b! * my + c!).toBeCloseTo(x!, 9);
      expect(d! * mx + e! * my + f!).toBeCloseTo(y!, 9);
    });
  });
});

describe('JPEG mosaic', () => {
  const n = 5;
  const [h, w] = [13, 10];
  const pixels = (channels: number) => Float32Array.from(fixtureNumbers(channels, n * h * w * channels), (v, i) => 0.5 + 0.3 * Math.sin(i / 7) + 0.15 * v);

  it.each([1, 3])('decodes each image of a batch exactly as that image alone (%i channels)', (channels) => {
    const values = pixels(channels);
    const size = h * w * channels;
    const together = jpegRoundTripImages(values, n, h, w, channels, 40);
    for (let i = 0; i < n; i++) {
      const alone = jpegRoundTripImages(values.subarray(i * size, (i + 1) * size), 1, h, w, channels, 40);
      expect(Array.from(together.subarray(i * size, (i + 1) * size))).toEqual(Array.from(alone));
    }
  });

  it('changes images more at a lower quality and stays in 8-bit levels of [0, 1]', () => {
    const values = pixels(1);
    const error = (quality: number) => {
      const out = jpegRoundTripImages(values, n, h, w, 1, quality);
      for (const v of out) expect(Math.round(v * 255)).toBeCloseTo(v * 255, 3);
      return out.reduce((sum, v, i) => sum + Math.abs(v - values[i]!), 0) / out.length;
    };
    expect(error(95)).toBeGreaterThan(0);
    expect(error(95)).toBeLessThan(error(40));
    expect(error(40)).toBeLessThan(error(5));
  });
});
