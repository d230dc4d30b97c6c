import * as tf from '@tensorflow/tfjs';
import type { BatchMatMulAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

type Backend = tf.KernelBackend & { disposeData(dataId: object): boolean };

/**
 * `BatchMatMul` for wasm that never asks the stock kernel for a transposed operand: wasm's
 * transposed path is ~9× slower than an explicit `Transpose` followed by a plain product (30 ms
 * vs 3.5 ms for the demo CNN's dense-layer input gradient, [128,128]·[3136,128]ᵀ). Every input
 * gradient through a dense layer is such a product.
 */
export function batchMatMulWithoutTransposes(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    if (!transposeA && !transposeB) return stock(args);
    const backend = args.backend as Backend;
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const transpose = (t: TensorInfo) => {
      const rank = t.shape.length;
      const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
      return tf.getKernel(tf.Transpose, 'wasm').kernelFunc({ inputs: { x: t }, backend, attrs: { perm } as never }) as TensorInfo;
    };
    const left = transposeA ? transpose(a) : a;
    const right = transposeB ? transpose(b) : b;
    try {
      return stock({ ...args, inputs: { a: left, b: right }, attrs: { ...args.attrs, transposeA: false, transposeB: false } as never });
    } finally {
      if (left !== a) backend.disposeData(left.dataId);
      if (right !== b) backend.disposeData(right.dataId);
    }
  };
}
