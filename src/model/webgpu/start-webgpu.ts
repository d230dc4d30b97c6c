/**
 * Starts the `webgpu` backend: a worker thread that owns a Dawn device running
 * tfjs-backend-webgpu, and the forwarding backend the main thread uses (`remote-backend.ts`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { WebGpuAdapterInfo } from '../../report/webgpu-adapter-types.js';
import type { DeviceLimits, WebGpuWorkerReady } from './protocol.js';
import { BlockingChannel, RemoteWebGpuBackend, registerForwardingKernels } from './remote-backend.js';

/** Environment variable naming the Dawn backends to try, comma-separated (e.g. `vulkan`). */
export const dawnBackendVariable = 'ROBUSTCHECK_DAWN_BACKEND';

/**
 * Whether the Vulkan loader (`libvulkan.so.1`) can be found: in the dynamic linker's cache or a
 * `LD_LIBRARY_PATH` folder. Without it Dawn's Vulkan backend only prints a warning and finds
 * nothing, so it is not tried.
 */
export function vulkanLoaderPresent(): boolean {
  const folders = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  if (folders.some((folder) => existsSync(join(folder, 'libvulkan.so.1')))) return true;
  try {
    return readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

/**
 * Dawn backends tried in order when {@link dawnBackendVariable} is unset. On Linux, Vulkan is the
 * GPU path (NVIDIA, AMD, Intel drivers) when its loader is installed; Dawn refuses Mesa's lavapipe
 * there, so a machine without a GPU falls through to OpenGL ES, which Mesa's llvmpipe serves.
 */
export function defaultDawnBackends(platform: NodeJS.Platform = process.platform, hasVulkan: () => boolean = vulkanLoaderPresent): string[] {
  if (platform === 'darwin') return ['metal'];
  if (platform === 'win32') return ['d3d12', 'vulkan'];
  return hasVulkan() ? ['vulkan', 'opengles'] : ['opengles'];
}

/**
 * GPU device files on Linux: DRM render nodes (`/dev/dri/renderD*`: AMD, Intel, NVIDIA with its
 * DRM driver), NVIDIA's `/dev/nvidia0…`, and WSL2's `/dev/dxg`. Without any of them no driver can
 * reach a GPU, so Dawn could only offer a software renderer.
 */
export function gpuDeviceFiles(): string[] {
  const list = (folder: string, pattern: RegExp): string[] => {
    try {
      return readdirSync(folder).filter((name) => pattern.test(name)).map((name) => join(folder, name));
    } catch {
      return [];
    }
  };
  return [...list('/dev/dri', /^renderD\d+$/), ...list('/dev', /^(nvidia\d+|dxg)$/)];
}

/** The compiled worker entry; from TypeScript sources (tests) the built copy under `dist/`. */
function workerPath(): string | undefined {
  const beside = fileURLToPath(new URL('./webgpu-worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../../../dist/src/model/webgpu/webgpu-worker.js', import.meta.url));
  return existsSync(built) ? built : undefined;
}

/** Result of {@link startWebGpu}: the adapter, or why there is none. */
export type WebGpuStart =
  | { started: true; adapter: WebGpuAdapterInfo; limits: DeviceLimits }
  | { started: false; reason: string };

let started: Promise<WebGpuStart> | undefined;
let running: { worker: Worker } | undefined;

/**
 * Starts the WebGPU worker once per process and registers the `webgpu` tfjs backend (it does not
 * switch to it). Never throws: a missing package, no adapter or a failing device is a reason.
 */
export function startWebGpu(): Promise<WebGpuStart> {
  started ??= launch();
  return started;
}

/**
 * Stops the WebGPU worker (when `auto` declines a software adapter: it holds a device and its
 * threads for nothing) and unregisters the backend. A later {@link startWebGpu} starts a new one.
 */
export async function stopWebGpu(): Promise<void> {
  if (!running) return;
  const { worker } = running;
  running = undefined;
  started = undefined;
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  await worker.terminate();
}

async function launch(): Promise<WebGpuStart> {
  const script = workerPath();
  if (!script) return { started: false, reason: 'the WebGPU worker is not built (run npm run build)' };
  const dawnBackends = (process.env[dawnBackendVariable] ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const order = dawnBackends.length ? dawnBackends : defaultDawnBackends();
  // Mesa's EGL needs a platform without a display server; set in the process environment (the
  // worker's own process.env is a copy that native code does not see).
  if (order.some((name) => name.startsWith('opengl'))) process.env.EGL_PLATFORM ??= 'surfaceless';
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(script, { workerData: { dawnBackends: order, signal, port: port2 }, transferList: [port2] });
  const ready = await new Promise<WebGpuWorkerReady>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', (error) => resolve({ ready: false, message: error.message.split('\n')[0]!, tried: [] }));
    worker.once('exit', (code) => resolve({ ready: false, message: `the WebGPU worker exited with code ${code}`, tried: [] }));
  });
  if (!ready.ready) {
    void worker.terminate();
    const tried = ready.tried.map((entry) => `${entry.dawnBackend}: ${entry.reason}`).join('; ');
    return { started: false, reason: missingPackage(ready.message) ?? `${ready.message}${tried ? ` (${tried})` : ''}` };
  }
  // The worker must not keep a finished run alive.
  worker.unref();
  running = { worker };
  port1.unref();
  const channel = new BlockingChannel(port1, signal);
  registerForwardingKernels(ready.kernels);
  tf.registerBackend('webgpu', () => new RemoteWebGpuBackend(channel), 0);
  return { started: true, adapter: ready.adapter, limits: ready.limits };
}

/** A clear reason when the optional packages are not installed. */
function missingPackage(message: string): string | undefined {
  const match = /Cannot find (?:package|module) '([^']+)'/.exec(message);
  return match ? `the optional package ${match[1]} is not installed` : undefined;
}
