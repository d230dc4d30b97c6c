import jpeg from 'jpeg-js';

/**
 * JPEG round trip of a batch of images through ONE encode/decode: the images are tiled into a
 * mosaic whose cells are whole 8×8 blocks. Baseline JPEG as `jpeg-js` writes it (4:4:4, no
 * chroma subsampling) quantises every 8×8 block on its own and the decoder does no smoothing, so
 * each tile decodes exactly as that image encoded alone would — jpeg-js pads a partial block by
 * repeating the last row and column, and so do the cells here. One encode per batch matters:
 * jpeg-js rebuilds its Huffman and colour tables on every call, which costs far more than
 * encoding a small image.
 *
 * @param unit - images in [0, 1], row-major `[n, height, width, channels]`, channels 1 or 3
 *   (grayscale is encoded as R = G = B, so the JPEG luma is exactly the gray value, and the red
 *   channel of the decoded image is read back)
 * @param quality - JPEG quality 1–100
 * @returns the decoded images in the same layout, in [0, 1] (256 levels)
 */
export function jpegRoundTripImages(unit: Float32Array, n: number, height: number, width: number, channels: number, quality: number): Float32Array {
  const cellHeight = Math.ceil(height / 8) * 8;
  const cellWidth = Math.ceil(width / 8) * 8;
  const across = Math.ceil(Math.sqrt(n));
  const down = Math.ceil(n / across);
  const mosaicWidth = across * cellWidth;
  const rgba = new Uint8Array(mosaicWidth * down * cellHeight * 4).fill(255);
  const pixelAt = (image: number, row: number, col: number) => ((image * height + Math.min(row, height - 1)) * width + Math.min(col, width - 1)) * channels;
  const offsetOf = (image: number, row: number, col: number) => {
    const top = Math.floor(image / across) * cellHeight;
    const left = (image % across) * cellWidth;
    return ((top + row) * mosaicWidth + left + col) * 4;
  };
  for (let image = 0; image < n; image++) {
    for (let row = 0; row < cellHeight; row++) {
      for (let col = 0; col < cellWidth; col++) {
        const source = pixelAt(image, row, col);
        const target = offsetOf(image, row, col);
        for (let k = 0; k < 3; k++) {
          const value = unit[source + (channels === 1 ? 0 : k)]!;
          rgba[target + k] = Math.round(Math.min(1, Math.max(0, value)) * 255);
        }
      }
    }
  }
  const encoded = jpeg.encode({ data: rgba, width: mosaicWidth, height: down * cellHeight }, quality);
  const decoded = jpeg.decode(encoded.data, { useTArray: true, formatAsRGBA: true }).data;
  const out = new Float32Array(n * height * width * channels);
  for (let image = 0; image < n; image++) {
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) {
        const target = pixelAt(image, row, col);
        const source = offsetOf(image, row, col);
        for (let k = 0; k < channels; k++) out[target + k] = decoded[source + k]! / 255;
      }
    }
  }
  return out;
}
