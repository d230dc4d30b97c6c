import { scrubLocalPaths } from '../report/portable-paths.js';
import * as tf from '@tensorflow/tfjs';
import { InputError, RuntimeFailure } from '../errors.js';
import { registerMissingWasmKernels, replaceWasmKernels } from './kernels/register-wasm-kernels.js';

/** Backend names accepted by `--backend`. `tensorflow` is the native tfjs-node(-gpu) binding. */
export const backendChoices = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof backendChoices)[number];

/** A backend that was considered and not used, with the reason. */
export interface SkippedBackend {
  name: string;
  reason: string;
}

/** Outcome of {@link selectBackend}; recorded in every report's `environment`. */
export interface BackendSelection {
  /** The tfjs backend that runs (`tensorflow`, `wasm` or `cpu`). */
  backend: string;
  /** Why it was chosen. */
  reason: string;
  /** Package that provided a native backend, when one did. */
  nativePackage?: string;
  /** Whether the native binding reports a CUDA GPU. */
  gpu?: boolean;
  /** Backends tried before it and why they were not used. */
  skipped: SkippedBackend[];
}

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

async function activate(name: string): Promise<boolean> {
  if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    registerMissingWasmKernels();
    replaceWasmKernels();
  }
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

let current: BackendSelection | undefined;

/**
 * Chooses and activates the tfjs backend. `auto` tries tfjs-node-gpu, tfjs-node, wasm, then cpu
 * (DESIGN.md §5) and records why each earlier one was skipped. Selecting the same backend twice
 * is a no-op. Throws {@link InputError} for an unknown name and {@link RuntimeFailure} when an
 * explicitly requested backend cannot start.
 */
export async function selectBackend(choice: string = 'auto'): Promise<BackendSelection> {
  if (!(backendChoices as readonly string[]).includes(choice)) {
    throw new InputError('BAD_BACKEND', `Unknown backend "${choice}": use one of ${backendChoices.join(', ')}.`);
  }
  if (current && (choice === 'auto' || choice === current.backend)) return current;
  tf.enableProdMode();
  const skipped: SkippedBackend[] = [];
  if (choice === 'auto' || choice === 'tensorflow') {
    const native = await tryNative(skipped);
    if (native && (await activate('tensorflow'))) {
      const gpu = native.pkg.endsWith('-gpu');
      current = { backend: 'tensorflow', reason: `${native.pkg} loaded`, nativePackage: native.pkg, gpu, skipped };
      return current;
    }
    if (choice === 'tensorflow') {
      throw new RuntimeFailure('BACKEND_UNAVAILABLE',
        'The tensorflow backend needs @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node installed: ' +
        skipped.map((entry) => `${entry.name}: ${entry.reason}`).join('; '));
    }
  }
  if (choice === 'auto' || choice === 'wasm') {
    if (await activate('wasm')) {
      current = { backend: 'wasm', reason: choice === 'wasm' ? 'requested' : 'fastest available without a native binding', skipped };
      return current;
    }
    skipped.push({ name: 'wasm', reason: 'failed to initialise' });
    if (choice === 'wasm') throw new RuntimeFailure('BACKEND_UNAVAILABLE', 'The wasm backend failed to initialise.');
  }
  if (!(await activate('cpu'))) throw new RuntimeFailure('BACKEND_UNAVAILABLE', 'The cpu backend failed to initialise.');
  current = { backend: 'cpu', reason: choice === 'cpu' ? 'requested' : 'no faster backend available', skipped };
  return current;
}
