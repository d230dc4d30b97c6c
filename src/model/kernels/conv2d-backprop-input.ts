import * as tf from '@tensorflow/tfjs';
import type { Conv2DBackpropInputAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

type Backend = tf.KernelBackend & { disposeData(dataId: object): boolean };

/**
 * `Conv2DBackpropInput` for wasm as a *forward* convolution, so it runs on XNNPACK (27–33 GFLOP/s
 * here) instead of wasm's scalar backward loop (~3 GFLOP/s), which took 62 % of a PGD step on the
 * demo CNN.
 *
 * dx[b,u,v,c] = Σ_{p,q,o} dy↑[b, u − P + p′, v − L + q′, o] · W[kh−1−p′, kw−1−q′, c, o]
 * — a stride-1 convolution of the stride-dilated output gradient dy↑ with the spatially flipped,
 * in/out-transposed filter, padded by P = kh − 1 − padTop on top (L likewise on the left). Padding
 * that would be negative becomes a crop of the result. Channels-first data keeps the stock kernel.
 */
export function conv2dBackpropInputAsForward(stock: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as Backend;
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as Conv2DBackpropInputAttrs;
    if (dataFormat === 'NCHW') return stock(args);
    const call = (kernel: string, inputs: Record<string, TensorInfo>, attrs: object) =>
      tf.getKernel(kernel, 'wasm').kernelFunc({ inputs, backend, attrs: attrs as never }) as TensorInfo;
    const info = tf.backend_util.computeConv2DInfo(
      inputShape as [number, number, number, number], filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode);
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight: kh, filterWidth: kw,
      strideHeight: sh, strideWidth: sw, padInfo } = info;
    const temporaries: TensorInfo[] = [];
    const keep = (t: TensorInfo) => { temporaries.push(t); return t; };
    try {
      let upsampled = dy;
      if (sh > 1 || sw > 1) {
        // Insert stride − 1 zeros after every row and column of dy (trailing zeros act as padding).
        const spread = keep(call(tf.Reshape, { x: dy }, { shape: [batchSize, outHeight, 1, outWidth, 1, outChannels] }));
        const padded = keep(call(tf.PadV2, { x: spread }, {
          paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0,
        }));
        upsampled = keep(call(tf.Reshape, { x: padded }, { shape: [batchSize, outHeight * sh, outWidth * sw, outChannels] }));
      }
      const [dyHeight, dyWidth] = [upsampled.shape[1]!, upsampled.shape[2]!];
      const padTop = kh - 1 - padInfo.top;
      const padLeft = kw - 1 - padInfo.left;
      const padBottom = inHeight + kh - 1 - dyHeight - padTop;
      const padRight = inWidth + kw - 1 - dyWidth - padLeft;
      const flipped = keep(call(tf.Reverse, { x: filter }, { dims: [0, 1] }));
      const transposed = keep(call(tf.Transpose, { x: flipped }, { perm: [0, 1, 3, 2] }));
      const convolved = keep(call(tf.Conv2D, { x: upsampled, filter: transposed }, {
        strides: [1, 1], dilations: [1, 1], dataFormat: 'NHWC', dimRoundingMode,
        pad: [[0, 0], [Math.max(0, padTop), Math.max(0, padBottom)], [Math.max(0, padLeft), Math.max(0, padRight)], [0, 0]],
      }));
      const top = Math.max(0, -padTop);
      const left = Math.max(0, -padLeft);
      if (top === 0 && left === 0 && convolved.shape[1] === inHeight && convolved.shape[2] === inWidth) {
        temporaries.pop();
        return convolved;
      }
      return call(tf.Slice, { x: convolved }, { begin: [0, top, left, 0], size: [batchSize, inHeight, inWidth, inChannels] });
    } finally {
      for (const temporary of temporaries) if (temporary !== dy) backend.disposeData(temporary.dataId);
    }
  };
}
