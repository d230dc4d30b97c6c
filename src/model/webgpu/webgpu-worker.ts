/**
 * Worker-thread entry that owns the Dawn device and the real tfjs-backend-webgpu. The main thread
 * cannot run that backend itself: robustcheck's attacks read tensors synchronously (`dataSync`
 * inside `tf.tidy`), and tfjs-webgpu's synchronous read needs `OffscreenCanvas`, which Node does
 * not have, while Dawn's buffer mapping only completes on a turn of the event loop. Here the
 * event loop is free while the main thread waits, so reads are ordinary `await`s.
 *
 * Every GPU call a request makes runs inside WebGPU error scopes (validation, out-of-memory,
 * internal), and `onuncapturederror` / `device.lost` catch the rest: tfjs-webgpu never looks at
 * either, so without this a rejected shader or an allocation over the adapter's limits would
 * leave zeros or stale data behind and the numbers would silently be wrong. The first such error
 * poisons the worker: every later request fails with it.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { WebGpuAdapterInfo } from '../../report/webgpu-adapter-types.js';
import { describeAdapter, softwareRendererReason } from './adapter-info.js';
import { installFirstMaxPoolGradients } from './first-max-pool.js';
import type { FromWebGpuWorker, InputInfo, Numbered, OutputInfo, ToWebGpuWorker, Values, WebGpuWorkerOptions, WebGpuWorkerReady } from './protocol.js';
import type { DawnModule, Gpu, GpuAdapter, GpuDevice, GpuError, TfjsWebGpuModule } from './dawn-types.js';

interface Options extends WebGpuWorkerOptions { port: MessagePort }
const options = workerData as Options;
const flag = new Int32Array(options.signal);
const port = options.port;

/** The parts of tfjs-webgpu's backend used here. */
interface WebGpuBackendLike extends tf.KernelBackend {
  device: GpuDevice;
}

const byNumber = new Map<number, object>();
const numberOf = new WeakMap<object, number>();
let nextOutput = -1;
let backend: WebGpuBackendLike;
let poisoned: string | undefined;
const scopes: Promise<GpuError | null>[] = [];

function remember(dataId: object, id?: number): number {
  const known = numberOf.get(dataId);
  if (known !== undefined) return known;
  const assigned = id ?? nextOutput--;
  byNumber.set(assigned, dataId);
  numberOf.set(dataId, assigned);
  return assigned;
}

function dataIdOf(id: number): object {
  const dataId = byNumber.get(id);
  if (!dataId) throw new Error(`unknown tensor data #${id} (already disposed?)`);
  return dataId;
}

/** `GPUValidationError`, `GPUOutOfMemoryError`, … as a readable kind. */
function errorKind(error: GpuError): string {
  const name = (error as { constructor?: { name?: string } }).constructor?.name ?? 'GPUError';
  return { GPUValidationError: 'WebGPU validation error', GPUOutOfMemoryError: 'WebGPU out-of-memory error', GPUInternalError: 'WebGPU internal error' }[name] ?? name;
}

function poison(kind: string, message: string): void {
  // Dawn appends a multi-line trace of the calls involved; the first line says what is wrong.
  poisoned ??= `${kind}: ${message.split('\n')[0]!.trim()}`;
}

/** Sequence number of the request being answered (see `BlockingChannel.request`). */
let answering = 0;

function reply(message: FromWebGpuWorker): void {
  port.postMessage({ ...message, seq: answering });
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

/** Runs `work` inside validation, out-of-memory and internal error scopes. */
function scoped<T>(work: () => T): T {
  const device = backend.device;
  device.pushErrorScope('internal');
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  try {
    return work();
  } finally {
    for (let i = 0; i < 3; i++) scopes.push(device.popErrorScope());
  }
}

/** Waits for every scope popped so far and poisons the worker with the first error among them. */
async function settleScopes(): Promise<void> {
  const pending = scopes.splice(0);
  for (const error of await Promise.all(pending)) {
    if (error) poison(errorKind(error), error.message);
  }
}

function runKernel(name: string, inputInfos: Record<string, InputInfo | null>, attrs: Record<string, unknown>): FromWebGpuWorker {
  const kernel = tf.getKernel(name, 'webgpu');
  if (!kernel) return { ok: false, kind: 'kernel', message: `tfjs-backend-webgpu has no ${name} kernel` };
  const inputs: tf.NamedTensorInfoMap = {};
  for (const [key, info] of Object.entries(inputInfos)) {
    if (info) inputs[key] = { dataId: dataIdOf(info.id), shape: info.shape, dtype: info.dtype as tf.DataType };
  }
  const produced = scoped(() => kernel.kernelFunc({ inputs, attrs: attrs as tf.NamedAttrMap, backend }));
  const list = Array.isArray(produced) ? produced : [produced];
  const outputs: OutputInfo[] = list.map((info) => ({ id: remember(info.dataId), shape: info.shape, dtype: info.dtype }));
  return { ok: true, outputs, single: !Array.isArray(produced) };
}

async function handle(message: Numbered<ToWebGpuWorker>): Promise<void> {
  answering = message.seq ?? 0;
  switch (message.op) {
    case 'write': {
      const dataId = scoped(() => backend.write(message.values as tf.backend_util.BackendValues, message.shape, message.dtype as tf.DataType));
      remember(dataId, message.id);
      return;
    }
    case 'incRef':
      backend.incRef(dataIdOf(message.id));
      return;
    case 'dispose': {
      const dataId = byNumber.get(message.id);
      if (dataId && scoped(() => backend.disposeData(dataId, message.force))) byNumber.delete(message.id);
      return;
    }
    case 'kernel': {
      if (poisoned) return reply({ ok: false, kind: 'gpu', message: poisoned });
      try {
        return reply(runKernel(message.name, message.inputs, message.attrs));
      } catch (error) {
        return reply({ ok: false, kind: 'kernel', message: (error as Error).message });
      }
    }
    case 'read':
    case 'sync': {
      try {
        const values = message.op === 'read' ? await scoped(() => backend.read(dataIdOf(message.id))) : undefined;
        await backend.device.queue.onSubmittedWorkDone();
        await settleScopes();
        if (poisoned) return reply({ ok: false, kind: 'gpu', message: poisoned });
        return reply(values ? { ok: true, values: values as Values } : { ok: true });
      } catch (error) {
        return reply({ ok: false, kind: poisoned ? 'gpu' : 'kernel', message: poisoned ?? (error as Error).message });
      }
    }
  }
}

/**
 * Every Dawn instance created, including those that found no adapter: a collected instance's
 * pending event processing aborts the process (Dawn throws std::system_error from a destroyed
 * instance), so none may be garbage-collected while the worker lives.
 */
const instances: Gpu[] = [];

/** Asks Dawn for an adapter on each backend in turn; returns the first, with what failed before it. */
async function requestAdapter(create: (flags: string[]) => Gpu): Promise<{ adapter: GpuAdapter; dawnBackend: string } | { tried: { dawnBackend: string; reason: string }[] }> {
  const tried: { dawnBackend: string; reason: string }[] = [];
  for (const dawnBackend of options.dawnBackends) {
    try {
      const gpu = create([`backend=${dawnBackend}`]);
      instances.push(gpu);
      // OpenGL (ES) backends only offer WebGPU's compatibility feature level.
      const featureLevel = dawnBackend.startsWith('opengl') ? 'compatibility' : 'core';
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance', featureLevel });
      if (adapter) return { adapter, dawnBackend };
      tried.push({ dawnBackend, reason: 'no adapter' });
    } catch (error) {
      tried.push({ dawnBackend, reason: (error as Error).message.split('\n')[0]! });
    }
  }
  return { tried };
}

async function start(): Promise<WebGpuWorkerReady> {
  // Names in variables: both packages are optional and must not be needed to build.
  const tfjsWebGpu = '@tensorflow/tfjs-backend-webgpu';
  const dawn = 'webgpu';
  const { WebGPUBackend } = await import(tfjsWebGpu) as TfjsWebGpuModule;
  const { create, globals } = await import(dawn) as DawnModule;
  Object.assign(globalThis, globals);
  const found = await requestAdapter(create);
  if ('tried' in found) return { ready: false, message: 'Dawn found no WebGPU adapter', tried: found.tried };
  const { adapter, dawnBackend } = found;
  // The tfjs backend checks navigator.gpu when it is constructed.
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: {} }, configurable: true });
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  device.onuncapturederror = (event) => poison(errorKind(event.error), event.error.message);
  void device.lost.then((lost) => poison('device lost', lost.message || lost.reason || 'unknown reason'));
  const info = adapter.info;
  const described = {
    vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: info.device ?? '', description: info.description ?? '',
    dawnBackend, isFallbackAdapter: info.isFallbackAdapter === true,
  };
  const software = softwareRendererReason(described);
  const adapterInfo: WebGpuAdapterInfo = { ...described, ...(software ? { software } : {}) };
  tf.enableProdMode();
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, info) as tf.KernelBackend, 3);
  if (!(await tf.setBackend('webgpu'))) return { ready: false, message: `tfjs-backend-webgpu failed to start on ${describeAdapter(adapterInfo)}`, tried: [] };
  backend = tf.backend() as WebGpuBackendLike;
  installFirstMaxPoolGradients();
  const deviceLimits = { maxBufferSize: limits.maxBufferSize!, maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize! };
  return { ready: true, adapter: adapterInfo, limits: deviceLimits, kernels: tf.getKernelsForBackend('webgpu').map((kernel) => kernel.kernelName) };
}

process.on('exit', () => {
  Atomics.store(flag, 0, 2);
  Atomics.notify(flag, 0);
});

start().then((ready) => {
  parentPort!.postMessage(ready);
  if (!ready.ready) return;
  // Requests are handled strictly in order: a read's await must not let a later request overtake it.
  let queue = Promise.resolve();
  port.on('message', (message: ToWebGpuWorker) => {
    queue = queue.then(() => handle(message)).catch((error: unknown) => {
      poison('internal', (error as Error).message);
    });
  });
}, (error: unknown) => {
  parentPort!.postMessage({ ready: false, message: (error as Error).message.split('\n')[0]!, tried: [] } satisfies WebGpuWorkerReady);
});
