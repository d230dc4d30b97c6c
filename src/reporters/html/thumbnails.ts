import { PNG } from 'pngjs';
import { loadedCharts } from './chart-loader.js';
import type { AdversarialExample } from '../../report/report-types.js';

type Lut = Uint8Array; // 256 × RGB

/**
 * 256-entry RGB lookup table of a vega colour scheme (vega returns CSS "rgb(r, g, b)" strings).
 * vega loads lazily with the charts (chart-loader.ts); before that, a grey ramp stands in.
 */
function lookupTable(name: string): Lut {
  const charts = loadedCharts();
  const interpolate = charts ? charts.colorScheme(name) as (t: number) => string : (t: number) => `rgb(${Math.round(t * 255)}, ${Math.round(t * 255)}, ${Math.round(t * 255)})`;
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = (interpolate(i / 255).match(/\d+/g) ?? ['0', '0', '0']).map(Number);
    table.set([r!, g!, b!], i * 3);
  }
  return table;
}

const luts = new Map<string, Lut>();
function lut(name: string): Lut {
  // Only the real scheme is cached, so a page rendered after the charts load gets its colours.
  if (luts.has(name)) return luts.get(name)!;
  const table = lookupTable(name);
  if (loadedCharts()) luts.set(name, table);
  return table;
}

/** Encodes `height × width` RGBA pixels as a PNG `data:` URI. */
function pngDataUri(width: number, height: number, rgba: Uint8Array): string {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

/**
 * Image bytes → RGBA. Grey and RGB images are shown as they are; with `colormap`, single-channel
 * values (or the per-pixel maximum over RGB channels) are mapped through a vega scheme.
 */
function toRgba(bytes: Uint8Array, [height, width, channels]: [number, number, number], colormap?: string): Uint8Array {
  const rgba = new Uint8Array(height * width * 4);
  const table = colormap ? lut(colormap) : undefined;
  for (let pixel = 0; pixel < height * width; pixel++) {
    const source = bytes.subarray(pixel * channels, (pixel + 1) * channels);
    let rgb: [number, number, number];
    if (table) {
      const value = channels === 1 ? source[0]! : Math.max(...source);
      rgb = [table[value * 3]!, table[value * 3 + 1]!, table[value * 3 + 2]!];
    } else {
      rgb = channels === 1 ? [source[0]!, source[0]!, source[0]!] : [source[0]!, source[1]!, source[2]!];
    }
    rgba.set([...rgb, 255], pixel * 4);
  }
  return rgba;
}

/** PNG `data:` URIs of one gallery example's four images. */
export interface ExampleImages {
  clean: string;
  adversarial: string;
  /** δ amplified; grey images use a diverging map (blue −, white 0, red +), RGB stays RGB. */
  perturbation: string;
  /** |∂loss/∂x| of the clean input, "inferno" colour map. */
  saliency: string;
}

/**
 * Builds PNG thumbnails of an example from its quantised images. Returns undefined when the
 * shape and byte counts disagree (a corrupt report), so one bad example does not sink the page.
 */
export function exampleImages(example: AdversarialExample): ExampleImages | undefined {
  const [height, width, channels] = example.shape;
  const expected = height * width * channels;
  const decode = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
  const images = { clean: decode(example.clean), adversarial: decode(example.adversarial), perturbation: decode(example.perturbation), saliency: decode(example.saliency) };
  if (Object.values(images).some((bytes) => bytes.length !== expected) || (channels !== 1 && channels !== 3)) return undefined;
  const shape = example.shape;
  return {
    clean: pngDataUri(width, height, toRgba(images.clean, shape)),
    adversarial: pngDataUri(width, height, toRgba(images.adversarial, shape)),
    // redblue runs red→blue; invert the byte so positive δ (values above 128) shows red.
    perturbation: pngDataUri(width, height, channels === 1 ? toRgba(images.perturbation.map((value) => 255 - value), shape, 'redblue') : toRgba(images.perturbation, shape)),
    saliency: pngDataUri(width, height, toRgba(images.saliency, shape, 'inferno')),
  };
}
