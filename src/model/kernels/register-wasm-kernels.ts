import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterWasm } from './conv2d-backprop-filter.js';
import { batchMatMulWithoutTransposes } from './batch-mat-mul.js';
import { conv2dBackpropInputAsForward } from './conv2d-backprop-input.js';
import { maxPoolGradFirstMax } from './max-pool-grad.js';
import { runOnCpu } from './run-on-cpu.js';

/**
 * Kernels tfjs-backend-wasm 4.22 lacks. Without them `fit()` of a CNN, input gradients through
 * depthwise/separable convolutions and gradients through `gather` throw on wasm.
 */
const missingKernels: Record<string, tf.KernelFunc> = {
  [tf.Conv2DBackpropFilter]: conv2dBackpropFilterWasm,
  [tf.DepthwiseConv2dNativeBackpropInput]: runOnCpu(tf.DepthwiseConv2dNativeBackpropInput),
  [tf.DepthwiseConv2dNativeBackpropFilter]: runOnCpu(tf.DepthwiseConv2dNativeBackpropFilter),
  [tf.UnsortedSegmentSum]: runOnCpu(tf.UnsortedSegmentSum),
};

/**
 * wasm kernels we replace, each given the stock kernel to fall back on:
 * - `MaxPoolGrad`: wasm routes the gradient of a window with tied maxima to the *last* maximum,
 *   the cpu backend, native TensorFlow and PyTorch to the *first*. Ties are common in real images
 *   (a constant background gives equal activations): on the demo CNN 15 % of input-gradient signs
 *   differed and FGSM robust accuracy moved by a point. Ours uses the first-max rule.
 * - `Conv2DBackpropInput`: computed as a forward convolution on XNNPACK, several times faster
 *   than wasm's scalar backward loop.
 * - `BatchMatMul`: transposed operands are transposed explicitly first (wasm's transposed
 *   product is ~9× slower); this is every dense layer's input gradient.
 * Set `ROBUSTCHECK_STOCK_KERNELS` to a comma-separated list of these names (or `all`) to keep
 * wasm's own kernels, e.g. to measure the difference.
 */
const replacedKernels: Record<string, (stock: tf.KernelFunc) => tf.KernelFunc> = {
  [tf.MaxPoolGrad]: () => maxPoolGradFirstMax,
  [tf.Conv2DBackpropInput]: (stock) => conv2dBackpropInputAsForward(stock),
  [tf.BatchMatMul]: (stock) => batchMatMulWithoutTransposes(stock),
};

/** Names of the kernels replaced by {@link replaceWasmKernels}. */
export const replaceableKernels: string[] = Object.keys(replacedKernels);

let replaced: string[] | undefined;

/**
 * Replaces the wasm kernels listed above (once per process), except those named in
 * `ROBUSTCHECK_STOCK_KERNELS`. Returns the names replaced.
 */
export function replaceWasmKernels(keepStock: string = process.env.ROBUSTCHECK_STOCK_KERNELS ?? ''): string[] {
  if (replaced) return replaced;
  const stockNames = keepStock.split(',').map((name) => name.trim()).filter(Boolean);
  replaced = [];
  for (const [kernelName, build] of Object.entries(replacedKernels)) {
    if (stockNames.includes('all') || stockNames.includes(kernelName)) continue;
    const stock = tf.getKernel(kernelName, 'wasm');
    if (stock) tf.unregisterKernel(kernelName, 'wasm');
    const fallback = stock?.kernelFunc ?? (() => { throw new Error(`wasm has no ${kernelName} kernel`); });
    // Keep the stock kernel's setup (it binds the wasm function the fallback calls).
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: build(fallback), setupFunc: stock?.setupFunc, disposeFunc: stock?.disposeFunc });
    replaced.push(kernelName);
  }
  return replaced;
}

/**
 * Registers every kernel wasm is missing, once, never replacing a kernel wasm already has (a later
 * tfjs release that adds one wins). Returns the names registered by this call.
 */
export function registerMissingWasmKernels(): string[] {
  const registered: string[] = [];
  for (const [kernelName, kernelFunc] of Object.entries(missingKernels)) {
    if (tf.getKernel(kernelName, 'wasm')) continue;
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
    registered.push(kernelName);
  }
  return registered;
}
