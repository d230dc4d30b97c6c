/**
 * Terminal rendering of small uint8 images (the example viewer). Two strategies:
 * - 24-bit colour: one `▀` per two pixel rows, foreground = upper pixel, background = lower
 *   pixel, so a 28×28 image takes 28×14 cells at full resolution;
 * - greyscale fallback (`NO_COLOR`, no truecolor): one shade character (` ░▒▓█`) per cell, the
 *   mean luminance of the two pixels it covers.
 */

/** A decoded image: row-major uint8, `channels` 1 (grey) or 3 (RGB). */
export interface PixelImage {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

/** How values map to colour: `image` as is; `signed` treats 128 as zero (amplified perturbations). */
export type PixelMode = 'image' | 'signed';

/**
 * Decodes a base64 uint8 image of shape `[height, width, channels]`. Returns undefined when the
 * shape is not a positive 1- or 3-channel image or the byte count does not match it (a report
 * from another version must not crash the viewer).
 */
export function decodeImage(base64: string, shape: readonly number[]): PixelImage | undefined {
  const [height, width, channels] = shape;
  if (![height, width, channels].every((value) => Number.isInteger(value) && value! > 0) || (channels !== 1 && channels !== 3)) return undefined;
  const data = new Uint8Array(Buffer.from(base64, 'base64'));
  if (data.length !== height! * width! * channels) return undefined;
  return { width: width!, height: height!, channels, data };
}

/** Box-averages by the smallest integer factor that makes the image at most `maxWidth` wide. */
export function shrinkToWidth(image: PixelImage, maxWidth: number): PixelImage {
  const factor = Math.max(1, Math.ceil(image.width / Math.max(1, Math.floor(maxWidth))));
  if (factor === 1) return image;
  const width = Math.ceil(image.width / factor);
  const height = Math.ceil(image.height / factor);
  const data = new Uint8Array(width * height * image.channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < image.channels; c++) {
        let sum = 0;
        let count = 0;
        for (let dy = 0; dy < factor && y * factor + dy < image.height; dy++) {
          for (let dx = 0; dx < factor && x * factor + dx < image.width; dx++) {
            sum += image.data[((y * factor + dy) * image.width + x * factor + dx) * image.channels + c]!;
            count++;
          }
        }
        data[(y * width + x) * image.channels + c] = Math.round(sum / count);
      }
    }
  }
  return { width, height, channels: image.channels, data };
}

/** RGB of one pixel under the mode. Signed grey maps + to red, − to blue, 0 to black. */
export function pixelRgb(image: PixelImage, x: number, y: number, mode: PixelMode): [number, number, number] {
  const offset = (y * image.width + x) * image.channels;
  if (image.channels === 3) return [image.data[offset]!, image.data[offset + 1]!, image.data[offset + 2]!];
  const value = image.data[offset]!;
  if (mode === 'image') return [value, value, value];
  const signed = (value - 128) / 127;
  const magnitude = Math.round(Math.min(1, Math.abs(signed)) * 255);
  return signed >= 0 ? [magnitude, Math.round(magnitude * 0.25), 0] : [0, Math.round(magnitude * 0.45), magnitude];
}

/** Brightness in [0, 1] used by the greyscale fallback; signed images show |δ|. */
function intensity(image: PixelImage, x: number, y: number, mode: PixelMode): number {
  const offset = (y * image.width + x) * image.channels;
  let value = 0;
  for (let c = 0; c < image.channels; c++) value += image.data[offset + c]!;
  value /= image.channels;
  return mode === 'signed' ? Math.min(1, Math.abs(value - 128) / 127) : value / 255;
}

const shades = [' ', '░', '▒', '▓', '█'];

/** Greyscale fallback: one line per two pixel rows, one shade character per pixel column. */
export function shadeLines(image: PixelImage, mode: PixelMode): string[] {
  const lines: string[] = [];
  for (let y = 0; y < image.height; y += 2) {
    let line = '';
    for (let x = 0; x < image.width; x++) {
      const lower = y + 1 < image.height ? intensity(image, x, y + 1, mode) : intensity(image, x, y, mode);
      const level = (intensity(image, x, y, mode) + lower) / 2;
      line += shades[Math.min(shades.length - 1, Math.round(level * (shades.length - 1)))];
    }
    lines.push(line);
  }
  return lines;
}

/**
 * 24-bit colour: one line per two pixel rows of `▀` cells with SGR 38;2 (upper pixel) and 48;2
 * (lower pixel), reset at the end of each line so colours never bleed into the layout.
 */
export function halfBlockLines(image: PixelImage, mode: PixelMode): string[] {
  const lines: string[] = [];
  for (let y = 0; y < image.height; y += 2) {
    let line = '';
    for (let x = 0; x < image.width; x++) {
      const [r, g, b] = pixelRgb(image, x, y, mode);
      if (y + 1 < image.height) {
        const [r2, g2, b2] = pixelRgb(image, x, y + 1, mode);
        line += `\u001B[38;2;${r};${g};${b}m\u001B[48;2;${r2};${g2};${b2}m▀`;
      } else {
        line += `\u001B[49m\u001B[38;2;${r};${g};${b}m▀`;
      }
    }
    lines.push(`${line}\u001B[0m`);
  }
  return lines;
}
