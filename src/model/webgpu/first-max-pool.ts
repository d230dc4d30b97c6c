/**
 * First-max max-pool gradients for tfjs-backend-webgpu. Its `MaxPoolGrad` (and `MaxPool3DGrad`)
 * first computes, per window, the position of the maximum with `value >= currentMax`, so a window
 * with tied maxima sends its whole gradient to the *last* one; the cpu backend, TensorFlow and
 * PyTorch send it to the *first*. Ties are common (a constant image background gives equal
 * activations): on the demo CNN only 88 % of input-gradient signs agreed with the cpu backend.
 *
 * The stock kernels are kept and only their positions shader is changed to a strict `>` (the
 * first candidate is always taken), by intercepting the one program they run for it. If a tfjs
 * release changes that shader, the kernel throws instead of quietly going back to the last-max
 * rule.
 */
import * as tf from '@tensorflow/tfjs';

/** The parts of a tfjs-webgpu program the patch touches. */
interface WebGpuProgramLike {
  shaderKey: string;
  getUserCode(): string;
}

/** The tfjs-webgpu backend method every kernel runs its shaders through. */
interface ProgramRunner {
  runWebGPUProgram(program: WebGpuProgramLike, ...rest: unknown[]): tf.TensorInfo;
}

/** The stock tie rule: take a value when it is ≥ the current maximum (or when none was found). */
const lastMaxUpdate = /let currMaxValue = mix\(value, maxValue, maxValueFound\);\s*if \(value >= currMaxValue\)/;
const firstMaxUpdate = 'if (maxValueFound == 0.0 || value > maxValue)';

/** Kernels patched, with the shader-key prefix of their positions program. */
export const firstMaxKernels: Record<string, string> = {
  [tf.MaxPoolGrad]: 'pool2D_max_true',
  [tf.MaxPool3DGrad]: 'pool3D_max_true',
};

/** Rewrites a positions program to the first-max rule (and gives it its own pipeline-cache key). */
export function patchPositionsProgram(program: WebGpuProgramLike): void {
  const code = program.getUserCode();
  if (!lastMaxUpdate.test(code)) {
    throw new Error(`tfjs-backend-webgpu's max-pool positions shader changed (${program.shaderKey}); robustcheck's first-max patch no longer applies`);
  }
  const patched = code.replace(lastMaxUpdate, firstMaxUpdate);
  program.getUserCode = () => patched;
  program.shaderKey = `${program.shaderKey}_firstmax`;
}

/** Wraps a stock max-pool gradient kernel so its positions program uses the first-max rule. */
export function firstMaxGradient(stock: tf.KernelFunc, positionsKey: string): tf.KernelFunc {
  return (args) => {
    const runner = args.backend as unknown as ProgramRunner;
    const original = runner.runWebGPUProgram;
    let patched = 0;
    runner.runWebGPUProgram = function (program, ...rest) {
      if (program.shaderKey.startsWith(positionsKey)) {
        patchPositionsProgram(program);
        patched++;
      }
      return original.call(this, program, ...rest);
    };
    try {
      const result = stock(args);
      if (patched === 0) throw new Error(`tfjs-backend-webgpu's max-pool gradient no longer runs a ${positionsKey} program; robustcheck's first-max patch no longer applies`);
      return result;
    } finally {
      runner.runWebGPUProgram = original;
    }
  };
}

let installed = false;

/**
 * Replaces the webgpu max-pool gradient kernels with first-max versions, once per thread. Set
 * `ROBUSTCHECK_STOCK_KERNELS` to `all` or a list containing `MaxPoolGrad` to keep the stock rule
 * (as for wasm), e.g. to measure the difference.
 */
export function installFirstMaxPoolGradients(keepStock: string = process.env.ROBUSTCHECK_STOCK_KERNELS ?? ''): string[] {
  if (installed) return [];
  installed = true;
  const stockNames = keepStock.split(',').map((name) => name.trim());
  const replaced: string[] = [];
  for (const [kernelName, positionsKey] of Object.entries(firstMaxKernels)) {
    if (stockNames.includes('all') || stockNames.includes(kernelName)) continue;
    const stock = tf.getKernel(kernelName, 'webgpu');
    if (!stock) continue;
    tf.unregisterKernel(kernelName, 'webgpu');
    tf.registerKernel({ ...stock, kernelFunc: firstMaxGradient(stock.kernelFunc, positionsKey) });
    replaced.push(kernelName);
  }
  return replaced;
}
