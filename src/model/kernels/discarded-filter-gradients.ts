import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';

/**
 * Filter-gradient kernels whose result an input gradient throws away. tfjs's fused convolutions
 * (`_FusedConv2D`, `FusedDepthwiseConv2dNative`: every converted GraphModel) are custom-gradient
 * ops whose backward pass computes the input, filter and bias gradients together; `tf.grad` with
 * respect to the input then discards the filter gradient. On wasm that gradient is the costliest
 * part of the backward pass (a convolution over batch × image for every filter tap: on the
 * 128×128×3 `antispoof` model it outgrew the wasm heap) and the depthwise one runs on the cpu
 * kernel.
 */
const filterGradientKernels = [tf.Conv2DBackpropFilter, tf.DepthwiseConv2dNativeBackpropFilter];

let inputOnlyDepth = 0;

/**
 * Runs `compute`, a gradient with respect to inputs only (robustcheck never trains), telling the
 * filter-gradient kernels that their result is discarded: inside it they return zeros of the
 * filter's shape instead of computing it. Nothing observable changes: tfjs returns only the
 * gradients of `compute`'s inputs.
 */
export function withInputGradientsOnly<T>(compute: () => T): T {
  inputOnlyDepth++;
  try {
    return compute();
  } finally {
    inputOnlyDepth--;
  }
}

/** A filter-gradient kernel that returns zeros inside {@link withInputGradientsOnly}. */
function skippable(kernel: KernelFunc, backendName: string): KernelFunc {
  return (args) => {
    if (inputOnlyDepth === 0) return kernel(args);
    const { filterShape } = args.attrs as unknown as { filterShape: number[] };
    return tf.getKernel(tf.Fill, backendName).kernelFunc({
      inputs: {}, backend: args.backend, attrs: { shape: filterShape, value: 0, dtype: 'float32' } as never,
    }) as TensorInfo;
  };
}

const wrapped = new Set<string>();

/**
 * Wraps `backendName`'s filter-gradient kernels (once per backend; call after its kernels are
 * registered). Backends without a `Fill` kernel or without these kernels are left alone.
 */
export function skipDiscardedFilterGradients(backendName: string): void {
  if (wrapped.has(backendName) || !tf.getKernel(tf.Fill, backendName)) return;
  wrapped.add(backendName);
  for (const kernelName of filterGradientKernels) {
    const stock = tf.getKernel(kernelName, backendName);
    if (!stock) continue;
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ ...stock, kernelFunc: skippable(stock.kernelFunc, backendName) });
  }
}
