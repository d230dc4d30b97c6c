import * as tf from '@tensorflow/tfjs';

/**
 * Resampling weights `[outSize, inSize]` of Pillow's BOX filter (`Image.resize(..., Image.BOX)`,
 * which ImageNet-C's pixelate uses): output pixel i covers input [i·s, (i+1)·s) with s = in/out;
 * when shrinking it averages the input pixels whose centres fall in that span, when enlarging it
 * copies the input pixel its centre falls in (nearest neighbour). Rows sum to 1.
 */
export function boxWeights(inSize: number, outSize: number): Float32Array {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 0.5 * filterScale;
  const weights = new Float32Array(outSize * inSize);
  for (let out = 0; out < outSize; out++) {
    const center = (out + 0.5) * scale;
    const first = Math.max(0, Math.trunc(center - support + 0.5));
    const last = Math.min(inSize, Math.trunc(center + support + 0.5));
    let total = 0;
    for (let i = first; i < last; i++) {
      // Pillow's box filter: 1 on (−½, ½] of the scaled distance between centres.
      const distance = (i - center + 0.5) / filterScale;
      const weight = distance > -0.5 && distance <= 0.5 ? 1 : 0;
      weights[out * inSize + i] = weight;
      total += weight;
    }
    for (let i = first; i < last && total > 0; i++) weights[out * inSize + i]! /= total;
  }
  return weights;
}

/** Applies `[outSize, inSize]` weights along axis 1 (height) of an NHWC batch. */
function resizeRows(images: tf.Tensor4D, weights: Float32Array, outSize: number): tf.Tensor4D {
  const [n, height, width, channels] = images.shape;
  const matrix = tf.tensor2d(weights, [outSize, height]);
  const columns = images.transpose([1, 0, 2, 3]).reshape([height, n * width * channels]);
  return matrix.matMul(columns).reshape([outSize, n, width, channels]).transpose([1, 0, 2, 3]) as tf.Tensor4D;
}

/**
 * Resizes an NHWC batch to `[height, width]` with Pillow's BOX filter, separably (rows, then
 * columns), as two matrix products. Values are not rounded to 8 bits (Pillow's are).
 */
export function resizeBox(images: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  return tf.tidy(() => {
    const rowsDone = resizeRows(images, boxWeights(images.shape[1], height), height);
    const swapped = rowsDone.transpose([0, 2, 1, 3]) as tf.Tensor4D;
    return resizeRows(swapped, boxWeights(images.shape[2], width), width).transpose([0, 2, 1, 3]) as tf.Tensor4D;
  });
}
