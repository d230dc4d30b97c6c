import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterWasm } from './conv2d-backprop-filter.js';
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
