import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterWasm } from './conv2d-backprop-filter.js';
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
 * Kernels whose wasm version gives a different (still valid) subgradient from the cpu backend,
 * native TensorFlow and PyTorch. wasm's `MaxPoolGrad` routes the gradient of a pooling window with
 * tied maxima to the *last* maximum, the others to the *first*. Ties are common in real images
 * (a constant background gives equal activations), so on the demo CNN 15 % of input-gradient
 * signs differed and FGSM robust accuracy moved by a point. The cpu kernel is used instead so
 * results agree across backends and with reference implementations.
 */
const replacedKernels: Record<string, tf.KernelFunc> = {
  [tf.MaxPoolGrad]: maxPoolGradFirstMax,
};

let replaced = false;

/** Replaces the wasm kernels listed in `replacedKernels` (once per process). */
export function replaceWasmKernels(): string[] {
  if (replaced) return [];
  replaced = true;
  for (const [kernelName, kernelFunc] of Object.entries(replacedKernels)) {
    if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  return Object.keys(replacedKernels);
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
