import * as tf from '@tensorflow/tfjs';

/**
 * How pixels outside an image are read, named as in scipy.ndimage / scikit-image (which the
 * reference corruptions use): `nearest` repeats the edge pixel (a a | a b c | c c), `reflect`
 * mirrors about the edge (b a | a b c | c b), `constant` reads a fill value.
 */
export type BorderMode = 'nearest' | 'reflect' | 'constant';

/** Index inside `[0, size)` that pixel `index` reads under `mode` (`nearest` or `reflect`). */
export function borderIndex(index: number, size: number, mode: 'nearest' | 'reflect'): number {
  if (mode === 'nearest') return Math.min(size - 1, Math.max(0, index));
  const period = 2 * size;
  const folded = ((index % period) + period) % period;
  return folded < size ? folded : period - 1 - folded;
}

/**
 * Pads an NHWC batch by `radius` pixels on both sides of the height (axis 1), the width (axis 2)
 * or both (default), reading outside pixels by `mode`. Works for any radius (tf.mirrorPad refuses
 * pads wider than the image, which large blur kernels on small images need).
 */
export function padImages(images: tf.Tensor4D, radius: number, mode: 'nearest' | 'reflect', axis?: 1 | 2): tf.Tensor4D {
  if (radius <= 0) return images.clone();
  const indices = (size: number) => tf.tensor1d(Int32Array.from({ length: size + 2 * radius }, (_, i) => borderIndex(i - radius, size, mode)), 'int32');
  return tf.tidy(() => {
    const rows = axis === 2 ? images : images.gather(indices(images.shape[1]), 1);
    return (axis === 1 ? rows : rows.gather(indices(images.shape[2]), 2)) as tf.Tensor4D;
  });
}

/**
 * Tensor version of {@link borderIndex} for float coordinates that hold integers: maps each to an
 * index inside `[0, size)`; with `constant`, also returns which ones were inside the image.
 */
export function borderIndexTensor(index: tf.Tensor, size: number, mode: BorderMode): { index: tf.Tensor; inside?: tf.Tensor } {
  return tf.tidy(() => {
    if (mode === 'reflect') {
      const folded = tf.mod(index, 2 * size);
      return { index: tf.where(folded.less(size), folded, tf.scalar(2 * size - 1).sub(folded)) };
    }
    const clamped = index.clipByValue(0, size - 1);
    if (mode === 'nearest') return { index: clamped };
    return { index: clamped, inside: index.greaterEqual(0).logicalAnd(index.lessEqual(size - 1)) };
  });
}
