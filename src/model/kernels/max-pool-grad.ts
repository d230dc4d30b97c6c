import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs';

/** The parts of the wasm backend used to read inputs and write the result in place. */
interface HeapBackend {
  readSync(dataId: object): tf.backend_util.BackendValues;
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): TensorInfo;
  dataIdMap?: { get(dataId: object): { memoryOffset: number } | undefined };
  wasm?: { HEAPF32: Float32Array };
}

/** Float32 views of a tensor's data: straight into the wasm heap when possible, else a copy. */
function heapView(backend: HeapBackend, info: TensorInfo): { array: Float32Array; offset: number } {
  const entry = backend.dataIdMap?.get(info.dataId);
  if (entry && backend.wasm) return { array: backend.wasm.HEAPF32, offset: entry.memoryOffset / 4 };
  return { array: backend.readSync(info.dataId) as Float32Array, offset: 0 };
}

/**
 * `MaxPoolGrad` for wasm with the cpu backend's (and TensorFlow's, PyTorch's) tie rule: the
 * gradient of each pooling window goes to its *first* maximum in row-major order. wasm's own
 * kernel picks the last one, which flips input-gradient signs wherever activations tie (constant
 * image backgrounds give equal activations): on the demo CNN 15 % of signs differed and FGSM
 * results moved by a point. One tight loop over NHWC data read in place from the wasm heap; any
 * window, stride and padding (overlapping windows accumulate).
 */
export const maxPoolGradFirstMax: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const heapBackend = backend as unknown as HeapBackend;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const size = input.shape.reduce((a, b) => a * b, 1);
  const output = heapBackend.makeOutput(input.shape, 'float32');
  // Views are taken after the allocation above: growing wasm memory replaces the heap buffer.
  const x = heapView(heapBackend, input);
  const gradient = heapView(heapBackend, dy);
  const result = heapView(heapBackend, output);
  const copied = result.array !== heapBackend.wasm?.HEAPF32;
  const dx = copied ? new Float32Array(size) : result.array;
  const dxOffset = copied ? 0 : result.offset;
  dx.fill(0, dxOffset, dxOffset + size);
  const xs = x.array;
  const gs = gradient.array;
  if (filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2 && padInfo.top === 0 && padInfo.left === 0
    && outHeight * 2 <= inHeight && outWidth * 2 <= inWidth) {
    // The common CNN pool (2×2, stride 2, valid): four fixed offsets per window, no bounds checks.
    const right = channels;
    const down = inWidth * channels;
    for (let b = 0; b < batchSize; b++) {
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++) {
          const base = ((b * inHeight + 2 * oy) * inWidth + 2 * ox) * channels;
          const outBase = gradient.offset + ((b * outHeight + oy) * outWidth + ox) * channels;
          for (let c = 0; c < channels; c++) {
            // Row-major order with strict '>' keeps the first maximum.
            const i00 = base + c;
            const v00 = xs[x.offset + i00]!;
            const v01 = xs[x.offset + i00 + right]!;
            const v10 = xs[x.offset + i00 + down]!;
            const v11 = xs[x.offset + i00 + down + right]!;
            let bestIndex = i00;
            let bestValue = v00;
            if (v01 > bestValue) { bestValue = v01; bestIndex = i00 + right; }
            if (v10 > bestValue) { bestValue = v10; bestIndex = i00 + down; }
            if (v11 > bestValue) bestIndex = i00 + down + right;
            dx[dxOffset + bestIndex] += gs[outBase + c]!;
          }
        }
      }
    }
    return finish();
  }
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const yStart = oy * strideHeight - padInfo.top;
      const y0 = Math.max(0, yStart);
      const y1 = Math.min(inHeight, yStart + filterHeight);
      for (let ox = 0; ox < outWidth; ox++) {
        const xStart = ox * strideWidth - padInfo.left;
        const x0 = Math.max(0, xStart);
        const x1 = Math.min(inWidth, xStart + filterWidth);
        if (y0 >= y1 || x0 >= x1) continue;
        const outBase = gradient.offset + ((b * outHeight + oy) * outWidth + ox) * channels;
        const firstBase = ((b * inHeight + y0) * inWidth + x0) * channels;
        for (let c = 0; c < channels; c++) {
          let bestIndex = firstBase + c;
          let bestValue = xs[x.offset + bestIndex]!;
          for (let wy = y0; wy < y1; wy++) {
            for (let wx = x0; wx < x1; wx++) {
              const index = ((b * inHeight + wy) * inWidth + wx) * channels + c;
              // Strict '>' keeps the first maximum in row-major order.
              if (xs[x.offset + index]! > bestValue) {
                bestValue = xs[x.offset + index]!;
                bestIndex = index;
              }
            }
          }
          dx[dxOffset + bestIndex] += gs[outBase + c]!;
        }
      }
    }
  }
  return finish();

  function finish(): TensorInfo {
    if (!copied) return output;
    (backend as unknown as { disposeData(dataId: object): void }).disposeData(output.dataId);
    return heapBackend.makeOutput(input.shape, 'float32', undefined, dx);
  }
};
