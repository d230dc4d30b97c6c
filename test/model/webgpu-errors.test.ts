/**
 * WebGPU errors are never silent: tfjs-backend-webgpu does not check them, so an allocation over
 * the adapter's limits would otherwise read back as zeros. Here a tensor larger than the largest
 * storage-buffer binding makes Dawn report a validation error, which must surface as a runtime
 * failure (exit code 3) on the next read — and keep failing afterwards. Its own file: the error
 * poisons the WebGPU worker of this process on purpose.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { RuntimeFailure } from '../../src/errors.js';
import { selectBackend } from '../../src/model/backend.js';
import { startWebGpu } from '../../src/model/webgpu/start-webgpu.js';

const dawnInstalled = await import('webgpu' as string).then(() => true, () => false);

describe.skipIf(!dawnInstalled)('WebGPU validation errors', () => {
  it('a buffer over the binding limit is a WEBGPU_ERROR runtime failure, not wrong numbers', async () => {
    await selectBackend('webgpu');
    const small = tf.tensor1d([1, 2, 3]);
    expect(Array.from(small.dataSync())).toEqual([1, 2, 3]);
    const started = await startWebGpu();
    if (!started.started) throw new Error(started.reason);
    // One float more than the device lets a shader bind (128 MiB with Mesa's llvmpipe).
    const huge = tf.fill([started.limits.maxStorageBufferBindingSize / 4 + 1], 1);
    const read = () => tf.tidy(() => huge.sum().dataSync());
    let failure: unknown;
    try {
      read();
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(RuntimeFailure);
    expect((failure as RuntimeFailure).code).toBe('WEBGPU_ERROR');
    expect((failure as RuntimeFailure).exitCode).toBe(3);
    expect((failure as Error).message).toMatch(/WebGPU validation error: .*(size|limit)/i);
    // Everything after the error is untrusted: even a small, valid read fails.
    expect(() => small.dataSync()).toThrow(/WebGPU reported an error/);
    tf.dispose([small, huge]);
  });
});
