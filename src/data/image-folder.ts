/**
 * Image folders, as image classifiers' users keep them: PNG/JPEG files in one subfolder per class
 * (classes in sorted folder-name order, like Keras' `image_dataset_from_directory` and
 * torchvision's `ImageFolder`), or files in one folder with a labels CSV/JSON (`data.labelsPath`),
 * or unlabelled (`labels: "predicted"`). Images are converted to the model's channels, resized to
 * its input size (`data.resize`), scaled (`data.scale`, default 1/255) and checked like any data.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { InputError } from '../errors.js';
import type { ResolvedSuite } from '../suite/types.js';
import { dataLimits, sha256Hex } from './data-files.js';
import { InMemoryDataset, sampleLength, type Dataset } from './dataset.js';
import { scaleFor, toInputValues } from './data-values.js';
import { resizeBilinear } from './image-resize.js';
import { readImageLabels } from './image-labels.js';
import type { ExpectedData } from './expected-data.js';

const imageExtensions = new Set(['.png', '.jpg', '.jpeg']);

/** Whether `path` is a folder (then it is read as an image folder). */
export function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** Image files under `dir` (relative paths with `/`), sorted by code unit so every machine agrees. */
function listImages(dir: string, recursive: boolean): string[] {
  return (readdirSync(dir, { recursive, encoding: 'utf8' }) as string[])
    .filter((entry) => imageExtensions.has(extname(entry).toLowerCase()))
    .map((entry) => entry.split(sep).join('/'))
    .filter((entry) => statSync(join(dir, entry)).isFile())
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Decodes a PNG or JPEG into RGBA bytes. */
function decodeImage(file: string, bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  try {
    if (extname(file).toLowerCase() === '.png') {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
    return { width: image.width, height: image.height, rgba: image.data };
  } catch (error) {
    throw new InputError('DATA_FORMAT', `${file}: not a readable ${extname(file).slice(1).toUpperCase()} image (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** RGBA → the model's channels: 1 = luminance (ITU-R 601, as Pillow's "L"), 3 = RGB, 4 = RGBA. */
function toChannels(file: string, rgba: Uint8Array, pixels: number, channels: number): Float32Array {
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new InputError('DATA_SHAPE', `${file}: the model expects ${channels} channels per pixel; images give 1 (grey), 3 (RGB) or 4 (RGBA).`);
  }
  const out = new Float32Array(pixels * channels);
  for (let pixel = 0; pixel < pixels; pixel++) {
    const [r, g, b, a] = [rgba[pixel * 4]!, rgba[pixel * 4 + 1]!, rgba[pixel * 4 + 2]!, rgba[pixel * 4 + 3]!];
    if (channels === 1) out[pixel] = 0.299 * r + 0.587 * g + 0.114 * b;
    else {
      out.set([r, g, b], pixel * channels);
      if (channels === 4) out[pixel * 4 + 3] = a;
    }
  }
  return out;
}

/**
 * Loads an image folder as a {@link Dataset}. The model's input shape `[height, width, channels]`
 * decides the size and channels; a dimension the model leaves open (≤ 0) takes the first image's.
 *
 * @throws InputError `DATA_EMPTY` (no images), `DATA_FORMAT` (undecodable file), `DATA_SHAPE`
 *   (rank or channels the images cannot give; a size mismatch with `resize: "none"`),
 *   `DATA_LABELS` (no class folders and no labels file), `DATA_TOO_LARGE`, `DATA_RANGE`
 */
export async function loadImageFolder(spec: ResolvedSuite['data'], expected: ExpectedData): Promise<Dataset> {
  const dir = spec.path;
  if (expected.inputShape.length !== 3) {
    throw new InputError('DATA_SHAPE', `${dir}: an image folder gives [height, width, channels] samples, but the model's input is [${expected.inputShape.join(', ')}].`);
  }
  const classFolders = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const byFolder = spec.labels === 'file' && spec.labelsPath === undefined;
  if (byFolder && classFolders.length === 0) {
    throw new InputError('DATA_LABELS', `${dir}: data.labels is "file" but the folder has no class subfolders. Put each class's images in its own subfolder (sorted names = class 0, 1, …), add data.labelsPath (a CSV or JSON of file → class), or set data.labels to "predicted".`);
  }
  const files = listImages(dir, classFolders.length > 0);
  if (files.length === 0) throw new InputError('DATA_EMPTY', `${dir}: no .png, .jpg or .jpeg images found${classFolders.length > 0 ? ' in its subfolders' : ''}.`);
  if (byFolder && classFolders.length > expected.numClasses) {
    throw new InputError('DATA_LABELS', `${dir}: ${classFolders.length} class folders (${classFolders.join(', ')}) but the model has ${expected.numClasses} classes.`);
  }
  const [wantHeight, wantWidth, channels] = expected.inputShape as [number, number, number];
  let total = 0;
  const digest = createHash('sha256');
  let size: [number, number] | undefined = wantHeight > 0 && wantWidth > 0 ? [wantHeight, wantWidth] : undefined;
  const stride = () => size![0] * size![1] * channels;
  const samples: Float32Array[] = [];
  for (const entry of files) {
    const file = join(dir, entry);
    const bytes = new Uint8Array(readFileSync(file));
    total += bytes.length;
    if (total > dataLimits.maxBytes) throw new InputError('DATA_TOO_LARGE', `${dir}: the images exceed ${dataLimits.maxBytes} bytes in all; use a smaller evaluation set.`);
    // The folder's identity for reports: each file's relative path and content hash, in order.
    digest.update(`${entry}\0${sha256Hex(bytes)}\n`);
    const image = decodeImage(relative('.', file) || file, bytes);
    size ??= [image.height, image.width];
    if ((image.height !== size[0] || image.width !== size[1]) && spec.resize === 'none') {
      throw new InputError('DATA_SHAPE', `${entry}: ${image.height}×${image.width} pixels but the model takes ${size[0]}×${size[1]}, and data.resize is "none". Resize the images or remove data.resize.`);
    }
    samples.push(resizeBilinear(toChannels(entry, image.rgba, image.width * image.height, channels), [image.height, image.width], size, channels));
  }
  const raw = new Float32Array(samples.length * stride());
  samples.forEach((sample, index) => raw.set(sample, index * stride()));
  const sampleShape = [size![0], size![1], channels];
  // Pixels are 8-bit: the default scale maps 0–255 to [0, 1], as for integer arrays.
  const values = toInputValues(dir, { shape: [samples.length, ...sampleShape], dtype: 'float32', values: raw }, sampleLength(sampleShape), scaleFor(spec.scale, 'uint8'), expected.inputRange);
  let labels: Int32Array | undefined;
  let labelsSha256: string | undefined;
  if (spec.labels === 'file') {
    if (byFolder) {
      labels = Int32Array.from(files, (entry) => classFolders.indexOf(entry.split('/')[0]!));
    } else {
      const read = readImageLabels(spec.labelsPath!, files, expected.numClasses);
      labels = read.labels;
      labelsSha256 = read.sha256;
    }
  }
  return new InMemoryDataset(sampleShape, values, labels, { sha256: digest.digest('hex'), ...(labelsSha256 ? { labelsSha256 } : {}) });
}
