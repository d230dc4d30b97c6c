/**
 * Bilinear resize of one interleaved image (height × width × channels, float values), with half-
 * pixel centres and edge clamping — the convention of `tf.image.resizeBilinear(…, halfPixelCenters)`
 * and of Pillow/OpenCV when enlarging. Used to bring images on disk to the model's input size.
 */

/**
 * @param source - `inHeight × inWidth × channels` values, row-major
 * @returns `outHeight × outWidth × channels` values
 */
export function resizeBilinear(source: Float32Array, [inHeight, inWidth]: [number, number], [outHeight, outWidth]: [number, number], channels: number): Float32Array {
  if (inHeight === outHeight && inWidth === outWidth) return source;
  const out = new Float32Array(outHeight * outWidth * channels);
  const rowScale = inHeight / outHeight;
  const colScale = inWidth / outWidth;
  for (let row = 0; row < outHeight; row++) {
    const y = Math.min(Math.max((row + 0.5) * rowScale - 0.5, 0), inHeight - 1);
    const top = Math.floor(y);
    const bottom = Math.min(top + 1, inHeight - 1);
    const dy = y - top;
    for (let col = 0; col < outWidth; col++) {
      const x = Math.min(Math.max((col + 0.5) * colScale - 0.5, 0), inWidth - 1);
      const left = Math.floor(x);
      const right = Math.min(left + 1, inWidth - 1);
      const dx = x - left;
      for (let channel = 0; channel < channels; channel++) {
        const at = (r: number, c: number) => source[(r * inWidth + c) * channels + channel]!;
        const upper = at(top, left) * (1 - dx) + at(top, right) * dx;
        const lower = at(bottom, left) * (1 - dx) + at(bottom, right) * dx;
        out[(row * outWidth + col) * channels + channel] = upper * (1 - dy) + lower * dy;
      }
    }
  }
  return out;
}
