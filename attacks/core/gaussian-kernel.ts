import * as tf from '@tensorflow/tfjs';
import { padImages } from './borders.js';

/**
 * Normalised 1-D Gaussian kernel of standard deviation `sigma` pixels, cut at `truncate`·σ as
 * scipy.ndimage.gaussian_filter does (radius ⌊truncate·σ + 0.5⌋; scikit-image's `gaussian` uses
 * truncate 4). σ = 0 gives the identity kernel [1].
 */
export function gaussianKernel(sigma: number, truncate = 4): Float32Array {
  if (sigma <= 0) return Float32Array.of(1);
  const radius = Math.floor(truncate * sigma + 0.5);
  const weights = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-0.5 * ((i - radius) / sigma) ** 2));
  const total = weights.reduce((sum, w) => sum + w, 0);
  return Float32Array.from(weights, (w) => w / total);
}

/** Options of {@link blurImages}. */
export interface BlurOptions {
  /** Kernel cut-off in standard deviations (default 4, scikit-image's). */
  truncate?: number;
  /** How pixels outside the image are read (default `nearest`, scikit-image's `gaussian` default). */
  mode?: 'nearest' | 'reflect';
}

/**
 * Separable Gaussian blur of every channel of an NHWC batch (scikit-image `gaussian(..., sigma,
 * channel_axis=-1)`): a vertical then a horizontal depthwise convolution over the padded image,
 * which runs on tfjs' forward kernels (wasm has them).
 *
 * @param images - `[n, height, width, channels]`
 * @param sigma - standard deviation in pixels, ≥ 0, or `[vertical, horizontal]` (0 leaves that axis)
 */
export function blurImages(images: tf.Tensor4D, sigma: number | readonly [number, number], options: BlurOptions = {}): tf.Tensor4D {
  const [sigmaY, sigmaX] = typeof sigma === 'number' ? [sigma, sigma] : sigma;
  return tf.tidy(() => {
    const channels = images.shape[3];
    const blurAxis = (input: tf.Tensor4D, axisSigma: number, axis: 1 | 2): tf.Tensor4D => {
      const kernel = gaussianKernel(axisSigma, options.truncate ?? 4);
      if (kernel.length === 1) return input;
      const radius = (kernel.length - 1) / 2;
      const padded = padImages(input, radius, options.mode ?? 'nearest', axis);
      const shape: [number, number, number, number] = axis === 1 ? [kernel.length, 1, 1, 1] : [1, kernel.length, 1, 1];
      const filter = tf.tensor1d(kernel).reshape(shape).tile([1, 1, channels, 1]) as tf.Tensor4D;
      return tf.depthwiseConv2d(padded, filter, 1, 'valid');
    };
    return blurAxis(blurAxis(images, sigmaY, 1), sigmaX, 2).clone();
  });
}
