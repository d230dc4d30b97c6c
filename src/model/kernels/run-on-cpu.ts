import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo, NamedTensorInfoMap } from '@tensorflow/tfjs';

/** Minimal view of the wasm backend's methods used to move data in and out of it. */
interface WasmBackendLike {
  readSync(dataId: object): tf.backend_util.BackendValues;
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): TensorInfo;
}

/** Minimal view of the cpu backend used by {@link runOnCpu}. */
interface CpuBackendLike extends tf.KernelBackend {
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.backend_util.BackendValues): TensorInfo;
  readSync(dataId: object): tf.backend_util.BackendValues;
}

/**
 * Builds a wasm kernel that runs the cpu backend's kernel of the same name on copies of its
 * inputs and copies the result back. Used for kernels tfjs-backend-wasm 4.22 does not have
 * (e.g. `DepthwiseConv2dNativeBackpropInput`, `UnsortedSegmentSum`), where correctness matters
 * more than speed: without them gradients through those ops throw on wasm.
 */
export function runOnCpu(kernelName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const wasm = backend as unknown as WasmBackendLike;
    const cpu = tf.findBackend('cpu') as CpuBackendLike | null;
    if (!cpu) throw new Error(`The cpu backend is needed to run ${kernelName} for wasm but is not registered.`);
    const cpuKernel = tf.getKernel(kernelName, 'cpu');
    const cpuInputs: NamedTensorInfoMap = {};
    for (const [name, info] of Object.entries(inputs)) {
      if (!info) continue;
      cpuInputs[name] = cpu.makeTensorInfo(info.shape, info.dtype, wasm.readSync(info.dataId));
    }
    try {
      const produced = cpuKernel.kernelFunc({ inputs: cpuInputs, backend: cpu, attrs });
      const outputs = Array.isArray(produced) ? produced : [produced];
      const copied = outputs.map((output) => {
        const values = cpu.readSync(output.dataId);
        cpu.disposeData(output.dataId);
        return wasm.makeOutput(output.shape, output.dtype, undefined, values);
      });
      return Array.isArray(produced) ? copied : copied[0]!;
    } finally {
      for (const info of Object.values(cpuInputs)) if (info) cpu.disposeData(info.dataId);
    }
  };
}
