import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo, Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs';
import { runOnCpu } from './run-on-cpu.js';

type Backend = tf.KernelBackend & { disposeData(dataId: object): boolean };

function call(kernel: string, backend: Backend, inputs: Record<string, TensorInfo>, attrs: object): TensorInfo {
  return tf.getKernel(kernel, 'wasm').kernelFunc({ inputs, backend, attrs: attrs as never }) as TensorInfo;
}

const fallback = runOnCpu(tf.Conv2DBackpropFilter);

/**
 * `Conv2DBackpropFilter` for wasm, composed from wasm's own (XNNPACK) forward kernels.
 *
 * dW[kh,kw,ci,co] = Σ_b Σ_oh Σ_ow xpad[b, oh·s + kh, ow·s + kw, ci] · dy[b,oh,ow,co], which is a
 * forward convolution of x viewed as [ci, H, W, B] with dy viewed as a filter [outH, outW, B, co],
 * the forward stride becoming a dilation. Channels-first data and dilated forward convolutions
 * fall back to the cpu kernel.
 */
export const conv2dBackpropFilterWasm: KernelFunc = (args) => {
  const { inputs, attrs } = args;
  const backend = args.backend as Backend;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW') return fallback(args);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { padInfo, filterHeight, filterWidth, strideHeight, strideWidth, inHeight, inWidth, outHeight, outWidth } = info;
  // With dimRoundingMode 'ceil'/'round' the last output rows/columns can read past the declared
  // bottom/right padding (the cpu kernel treats those positions as zeros). Extend the padding so the
  // composed convolution still yields at least filterHeight × filterWidth positions.
  const bottom = Math.max(padInfo.bottom, (outHeight - 1) * strideHeight + filterHeight - inHeight - padInfo.top);
  const right = Math.max(padInfo.right, (outWidth - 1) * strideWidth + filterWidth - inWidth - padInfo.left);
  const xT = call(tf.Transpose, backend, { x }, { perm: [3, 1, 2, 0] });
  const dyT = call(tf.Transpose, backend, { x: dy }, { perm: [1, 2, 0, 3] });
  const explicitPad = [[0, 0], [padInfo.top, bottom], [padInfo.left, right], [0, 0]];
  const full = call(tf.Conv2D, backend, { x: xT, filter: dyT }, {
    strides: [1, 1], pad: explicitPad, dataFormat: 'NHWC', dilations: [strideHeight, strideWidth], dimRoundingMode,
  });
  // The composed convolution can produce positions past the filter size (from bottom/right padding).
  const cropped = call(tf.Slice, backend, { x: full }, {
    begin: [0, 0, 0, 0], size: [full.shape[0], filterHeight, filterWidth, full.shape[3]],
  });
  const result = call(tf.Transpose, backend, { x: cropped }, { perm: [1, 2, 0, 3] });
  for (const temp of [xT, dyT, full, cropped]) backend.disposeData(temp.dataId);
  return result;
};
