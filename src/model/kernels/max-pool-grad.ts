import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs';

/** The slice of the wasm backend used to read inputs and write the result. */
interface HeapBackend {
  readSync(dataId: object): tf.backend_util.BackendValues;
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): TensorInfo;
}

/**
 * `MaxPoolGrad` for wasm with the cpu backend's (and TensorFlow's, PyTorch's) tie rule: the
 * gradient of each pooling window goes to its *first* maximum in row-major order. wasm's own
 * kernel picks the last one, which flips input-gradient signs wherever activations tie (constant
 * image backgrounds give equal activations): on the demo CNN 15 % of signs differed and FGSM
 * results moved by a point. One tight loop over NHWC data, channels innermost; any window, stride
 * and padding (overlapping windows accumulate).
 */
export const maxPoolGradFirstMax: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const heap = backend as unknown as HeapBackend;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const x = heap.readSync(input.dataId) as Float32Array;
  const gradient = heap.readSync(dy.dataId) as Float32Array;
  const dx = new Float32Array(x.length);
  const best = new Float32Array(channels);
  const bestIndex = new Int32Array(channels);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const yStart = oy * strideHeight - padInfo.top;
      for (let ox = 0; ox < outWidth; ox++) {
        const xStart = ox * strideWidth - padInfo.left;
        best.fill(-Infinity);
        bestIndex.fill(-1);
        for (let wy = Math.max(0, yStart); wy < Math.min(inHeight, yStart + filterHeight); wy++) {
          for (let wx = Math.max(0, xStart); wx < Math.min(inWidth, xStart + filterWidth); wx++) {
            const base = ((b * inHeight + wy) * inWidth + wx) * channels;
            for (let c = 0; c < channels; c++) {
              // Strict '>' keeps the first maximum; a NaN never wins, as in the cpu kernel.
              if (x[base + c]! > best[c]! || bestIndex[c] === -1) {
                best[c] = x[base + c]!;
                bestIndex[c] = base + c;
              }
            }
          }
        }
        const outBase = ((b * outHeight + oy) * outWidth + ox) * channels;
        for (let c = 0; c < channels; c++) {
          if (bestIndex[c]! >= 0) dx[bestIndex[c]!] += gradient[outBase + c]!;
        }
      }
    }
  }
  return heap.makeOutput(input.shape, 'float32', undefined, dx);
};
