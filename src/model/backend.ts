import { scrubLocalPaths } from '../report/portable-paths.js';
import * as tf from '@tensorflow/tfjs';
import { InputError, RuntimeFailure } from '../errors.js';
import { registerMissingWasmKernels, replaceWasmKernels } from './kernels/register-wasm-kernels.js';
import { skipDiscardedFilterGradients } from './kernels/discarded-filter-gradients.js';
import { describeAdapter } from './webgpu/adapter-info.js';
import type { BackendSelection, SkippedBackend } from '../events/backend-selection.js';
import { dawnBackendVariable, gpuDeviceFiles, startWebGpu, stopWebGpu } from './webgpu/start-webgpu.js';
import { backendChoices, isBackendChoice, type BackendChoice, type BackendName } from './backend-choice.js';

/** Native packages tried in `auto` order: GPU first, then CPU-native. */
const nativePackages = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

/** Loads a native binding; the import registers the `tensorflow` backend as a side effect. */
async function tryNative(skipped: SkippedBackend[]): Promise<{ pkg: string } | undefined> {
  for (const pkg of nativePackages) {
    try {
      await import(pkg);
      if (tf.findBackend('tensorflow')) return { pkg };
      skipped.push({ name: pkg, reason: 'loaded but registered no tensorflow backend' });
    } catch (error) {
      skipped.push({ name: pkg, reason: `not installed or failed to load (${scrubLocalPaths(firstLine(error))})` });
    }
  }
  return undefined;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 160);
}

async function activate(name: BackendName): Promise<boolean> {
  if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    registerMissingWasmKernels();
    replaceWasmKernels();
  }
  if (name === 'wasm' || name === 'cpu') skipDiscardedFilterGradients(name);
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/** Whether the active `tensorflow` backend computes on a GPU, as the native binding reports it. */
function nativeUsesGpu(): boolean {
  return (tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
}

let current: BackendSelection | undefined;

/**
 * Chooses and activates the tfjs backend (DESIGN.md §5–6). `auto` tries, in order: native
 * TensorFlow when its binding reports a GPU; WebGPU on a hardware adapter (never a software
 * renderer such as Mesa's llvmpipe: see `webgpu/adapter-info.ts`); native TensorFlow on the CPU;
 * wasm; cpu — and records why each earlier one was skipped. Selecting the same backend twice is a
 * no-op. Throws {@link InputError} for an unknown name and {@link RuntimeFailure} when an
 * explicitly requested backend cannot start.
 */
export async function selectBackend(choice: string = 'auto'): Promise<BackendSelection> {
  if (!isBackendChoice(choice)) {
    throw new InputError('BAD_BACKEND', `Unknown backend "${choice}": use one of ${backendChoices.join(', ')}.`);
  }
  if (current && (choice === 'auto' || choice === current.backend)) return current;
  tf.enableProdMode();
  const skipped: SkippedBackend[] = [];
  let nativeOnCpu: string | undefined;
  if (choice === 'auto' || choice === 'tensorflow') {
    const native = await tryNative(skipped);
    if (native && (await activate('tensorflow'))) {
      const gpu = nativeUsesGpu();
      if (gpu || choice === 'tensorflow') {
        const reason = gpu ? `${native.pkg} loaded and TensorFlow uses a GPU device` : `${native.pkg} loaded; TensorFlow found no GPU device and runs on the CPU`;
        current = { backend: 'tensorflow', reason, nativePackage: native.pkg, gpu, skipped };
        return current;
      }
      nativeOnCpu = native.pkg;
      skipped.push({ name: 'tensorflow', reason: `${native.pkg} loaded but TensorFlow found no GPU device (CUDA 11.2 and cuDNN 8.1 needed); kept as the CPU fallback after webgpu` });
    } else if (choice === 'tensorflow') {
      throw new RuntimeFailure('BACKEND_UNAVAILABLE',
        'The tensorflow backend needs @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node installed: ' +
        skipped.map((entry) => `${entry.name}: ${entry.reason}`).join('; '));
    }
  }
  if (choice === 'auto' || choice === 'webgpu') {
    const webgpu = await selectWebGpu(choice, skipped);
    if (webgpu) return webgpu;
  }
  if (nativeOnCpu && (await activate('tensorflow'))) {
    current = { backend: 'tensorflow', reason: `${nativeOnCpu} on the CPU: no GPU backend available, and native TensorFlow is faster than wasm`, nativePackage: nativeOnCpu, gpu: false, skipped };
    return current;
  }
  if (choice === 'auto' || choice === 'wasm') {
    if (await activate('wasm')) {
      current = { backend: 'wasm', reason: choice === 'wasm' ? 'requested' : 'fastest available without a native binding or a GPU', skipped };
      return current;
    }
    skipped.push({ name: 'wasm', reason: 'failed to initialise' });
    if (choice === 'wasm') throw new RuntimeFailure('BACKEND_UNAVAILABLE', 'The wasm backend failed to initialise.');
  }
  if (!(await activate('cpu'))) throw new RuntimeFailure('BACKEND_UNAVAILABLE', 'The cpu backend failed to initialise.');
  current = { backend: 'cpu', reason: choice === 'cpu' ? 'requested' : 'no faster backend available', skipped };
  return current;
}

/**
 * The `webgpu` step of {@link selectBackend}: starts the WebGPU worker and switches to it, unless
 * `auto` finds only a software renderer (then the worker is stopped and the reason recorded).
 */
async function selectWebGpu(choice: BackendChoice, skipped: SkippedBackend[]): Promise<BackendSelection | undefined> {
  // Starting Dawn costs seconds and prints its own warnings; on a Linux machine without GPU device
  // files it could only find a software renderer, which auto refuses anyway. Naming Dawn backends
  // (ROBUSTCHECK_DAWN_BACKEND) asks Dawn regardless.
  if (choice === 'auto' && process.platform === 'linux' && !process.env[dawnBackendVariable] && gpuDeviceFiles().length === 0) {
    skipped.push({ name: 'webgpu', reason: 'no GPU device on this machine (no /dev/dri/renderD*, /dev/nvidia*, /dev/dxg): only a software renderer could run it' });
    return undefined;
  }
  const started = await startWebGpu();
  if (!started.started) {
    if (choice === 'webgpu') throw new RuntimeFailure('BACKEND_UNAVAILABLE', `The webgpu backend cannot start: ${started.reason}.`);
    skipped.push({ name: 'webgpu', reason: started.reason });
    return undefined;
  }
  const { adapter } = started;
  if (choice === 'auto' && adapter.software) {
    skipped.push({ name: 'webgpu', reason: `${describeAdapter(adapter)}: a software renderer (${adapter.software}), slower than wasm; --backend webgpu runs on it anyway` });
    await stopWebGpu();
    return undefined;
  }
  if (!(await activate('webgpu'))) {
    if (choice === 'webgpu') throw new RuntimeFailure('BACKEND_UNAVAILABLE', `The webgpu backend failed to initialise on ${describeAdapter(adapter)}.`);
    skipped.push({ name: 'webgpu', reason: `failed to initialise on ${describeAdapter(adapter)}` });
    return undefined;
  }
  const reason = choice === 'webgpu'
    ? `requested; ${describeAdapter(adapter)}`
    : `hardware WebGPU adapter: ${describeAdapter(adapter)}`;
  current = { backend: 'webgpu', reason, gpu: !adapter.software, adapter, skipped };
  return current;
}
