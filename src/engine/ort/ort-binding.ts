import { createRequire } from 'node:module';

/** A tensor as the native binding returns it (an `onnxruntime-common` Tensor). */
export interface NativeTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | BigInt64Array | Int32Array | Uint8Array;
}

/** The native `InferenceSession` of onnxruntime-node: synchronous load and run. */
export interface NativeSession {
  loadModel(buffer: ArrayBuffer, byteOffset: number, byteLength: number, options: Record<string, unknown>): void;
  run(feeds: Record<string, unknown>, fetches: Record<string, null>, options: Record<string, unknown>): Record<string, NativeTensor>;
  dispose(): void;
  readonly inputMetadata: Array<{ name: string }>;
  readonly outputMetadata: Array<{ name: string }>;
}

/** What robustcheck uses of onnxruntime-node. */
export interface OrtModule {
  /** onnxruntime-common's Tensor constructor (feeds must be instances of it). */
  Tensor: new (type: string, data: Float32Array | BigInt64Array | Int32Array, dims: readonly number[]) => unknown;
  /** Creates a native session (the binding is initialised on first use). */
  createSession(): NativeSession;
  version: string;
}

let cached: OrtModule | Error | undefined;

/**
 * Loads onnxruntime-node's native binding directly. Its public `InferenceSession.run` is a
 * promise around the same synchronous native call; attacks differentiate through `tf.grad`,
 * which is synchronous, so robustcheck calls the native session itself.
 *
 * @returns the module, or the reason it cannot be used (package absent, platform without binaries)
 */
export function loadOrt(): OrtModule | Error {
  if (cached) return cached;
  try {
    const require = createRequire(import.meta.url);
    const binding = require('onnxruntime-node/dist/binding.js') as {
      binding: { InferenceSession: new () => NativeSession };
      initOrt: () => void;
    };
    const common = require('onnxruntime-common') as { Tensor: OrtModule['Tensor'] };
    const version = (require('onnxruntime-node/package.json') as { version: string }).version;
    cached = {
      Tensor: common.Tensor,
      createSession: () => {
        binding.initOrt();
        return new binding.binding.InferenceSession();
      },
      version,
    };
  } catch (error) {
    cached = error instanceof Error ? error : new Error(String(error));
  }
  return cached;
}
