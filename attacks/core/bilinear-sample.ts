import * as tf from '@tensorflow/tfjs';
import { borderIndexTensor, type BorderMode } from './borders.js';

/** Where a bilinear sample reads outside the image. */
export interface SampleBorder {
  mode: BorderMode;
  /** Value read outside the image with `constant` (input units). */
  fill?: number;
}

/**
 * Bilinear resampling of an NHWC batch at arbitrary per-pixel source coordinates (the backward
 * map of a geometric transform, like scipy's `map_coordinates(order=1)` or cv2's `warpAffine`):
 * output[b, i, j] = image[b] read at (rows[b, i, j], cols[b, i, j]); the output has the coordinate
 * maps' height and width. Integer coordinates return the pixels exactly, so identity maps and
 * whole-pixel shifts change nothing else. One flat `gather` over the whole batch (int32 indices:
 * float32 cannot count past 2²⁴ pixels): batched gathers are unreliable on the wasm backend.
 *
 * @param images - `[n, height, width, channels]`
 * @param rows - source row of every output pixel, `[n, outHeight, outWidth]` (pixel units, 0 = first row)
 * @param cols - source column of every output pixel, same shape
 * @param border - how pixels outside the image are read
 */
export function sampleBilinear(images: tf.Tensor4D, rows: tf.Tensor3D, cols: tf.Tensor3D, border: SampleBorder): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, height, width, channels] = images.shape;
    const outShape = [n, rows.shape[1], rows.shape[2], channels];
    const flat = images.reshape([n * height * width, channels]);
    // Scalars must be int32 too: tfjs promotes int32 · (JS number) to float32.
    const base = tf.range(0, n, 1, 'int32').mul(tf.scalar(height * width, 'int32')).reshape([n, 1, 1]);
    const row0 = rows.floor();
    const col0 = cols.floor();
    const rowWeight = rows.sub(row0).expandDims(3);
    const colWeight = cols.sub(col0).expandDims(3);
    const read = (rowIndex: tf.Tensor, colIndex: tf.Tensor): tf.Tensor => {
      const r = borderIndexTensor(rowIndex, height, border.mode);
      const c = borderIndexTensor(colIndex, width, border.mode);
      const index = base.add(r.index.cast('int32').mul(tf.scalar(width, 'int32'))).add(c.index.cast('int32')).reshape([-1]);
      const values = flat.gather(index).reshape(outShape);
      if (!r.inside || !c.inside) return values;
      const inside = r.inside.logicalAnd(c.inside).expandDims(3).tile([1, 1, 1, channels]);
      return tf.where(inside, values, tf.fill(values.shape, border.fill ?? 0));
    };
    const top = read(row0, col0).mul(colWeight.neg().add(1)).add(read(row0, col0.add(1)).mul(colWeight));
    const bottom = read(row0.add(1), col0).mul(colWeight.neg().add(1)).add(read(row0.add(1), col0.add(1)).mul(colWeight));
    return top.mul(rowWeight.neg().add(1)).add(bottom.mul(rowWeight)) as tf.Tensor4D;
  });
}

/** Row and column coordinates of every pixel, each `[height, width]` (float32). */
export function pixelGrid(height: number, width: number): { rows: tf.Tensor2D; cols: tf.Tensor2D } {
  return tf.tidy(() => ({
    rows: tf.range(0, height).reshape([height, 1]).tile([1, width]) as tf.Tensor2D,
    cols: tf.range(0, width).reshape([1, width]).tile([height, 1]) as tf.Tensor2D,
  }));
}
