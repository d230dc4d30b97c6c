/**
 * The main thread's `webgpu` backend: a tfjs `KernelBackend` whose data and kernels live in the
 * worker thread that owns the Dawn device (see `webgpu-worker.ts` for why). Kernels are forwarded
 * one by one and the main thread blocks (`Atomics.wait`) until the worker answers with the output
 * shapes, so the rest of robustcheck — synchronous `dataSync`, `tf.tidy`, gradients — works
 * unchanged. Writes, reference counts and disposals are posted without waiting; the worker applies
 * them in order before the next answered request.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { RuntimeFailure } from '../../errors.js';
import type { FromWebGpuWorker, InputInfo, OutputInfo, ToWebGpuWorker, Values } from './protocol.js';

/** Longest wait for one answer from the worker (software rendering of a large batch is slow). */
const answerTimeoutMs = 600_000;

/** One piece of data as the main thread sees it. */
interface Entry {
  id: number;
  refCount: number;
}

/** A request/answer channel that blocks the calling thread until the worker answers. */
export class BlockingChannel {
  private readonly flag: Int32Array;
  private seq = 0;

  constructor(private readonly port: MessagePort, signal: SharedArrayBuffer) {
    this.flag = new Int32Array(signal);
  }

  /** Posts a request that needs no answer. */
  post(message: ToWebGpuWorker, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(message, transfer);
  }

  /** Posts a request and waits for its answer; GPU and kernel errors become {@link RuntimeFailure}s. */
  request(message: ToWebGpuWorker): FromWebGpuWorker & { ok: true } {
    const seq = ++this.seq;
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ ...message, seq });
    const deadline = performance.now() + answerTimeoutMs;
    let answer: FromWebGpuWorker | undefined;
    for (;;) {
      const received = receiveMessageOnPort(this.port)?.message as (FromWebGpuWorker & { seq: number }) | undefined;
      // Answers carry the request's number: one left over from an earlier request is dropped.
      if (received?.seq === seq) {
        answer = received;
        break;
      }
      if (received) continue;
      if (Atomics.load(this.flag, 0) === 2) throw new RuntimeFailure('WEBGPU_WORKER', 'The WebGPU worker thread stopped (Dawn crashed or the device was lost); no further results can be computed on webgpu.');
      const left = deadline - performance.now();
      if (left <= 0) throw new RuntimeFailure('WEBGPU_WORKER', `The WebGPU worker did not answer within ${answerTimeoutMs / 1000} s.`);
      // Signalled but not yet readable (or a stale signal): clear it and poll again shortly.
      if (Atomics.load(this.flag, 0) === 1) Atomics.store(this.flag, 0, 0);
      Atomics.wait(this.flag, 0, 0, Math.min(left, 5));
    }
    if (!answer.ok) {
      throw answer.kind === 'gpu'
        ? new RuntimeFailure('WEBGPU_ERROR', `WebGPU reported an error, so results on the webgpu backend cannot be trusted: ${answer.message}. Use --backend wasm or cpu, or a smaller data.batchSize if the adapter ran out of memory.`)
        : new RuntimeFailure('WEBGPU_KERNEL', `A webgpu kernel failed: ${answer.message}`);
    }
    return answer;
  }
}

/** tfjs backend that forwards everything to the WebGPU worker over a {@link BlockingChannel}. */
export class RemoteWebGpuBackend extends tf.KernelBackend {
  private readonly entries = new WeakMap<object, Entry>();
  private readonly dataIdsByNumber = new Map<number, object>();
  private nextId = 1;
  private live = 0;

  constructor(readonly channel: BlockingChannel) {
    super();
  }

  private entry(dataId: object): Entry {
    const entry = this.entries.get(dataId);
    if (!entry) throw new Error('webgpu: tensor data is not on this backend (already disposed?)');
    return entry;
  }

  override refCount(dataId: object): number {
    return this.entries.get(dataId)?.refCount ?? 0;
  }

  override incRef(dataId: object): void {
    const entry = this.entry(dataId);
    entry.refCount++;
    this.channel.post({ op: 'incRef', id: entry.id });
  }

  override write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): object {
    const dataId = {};
    this.store(dataId, values, shape, dtype, 1);
    return dataId;
  }

  override move(dataId: object, values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType, refCount: number): void {
    this.store(dataId, values, shape, dtype, refCount);
  }

  private store(dataId: object, values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType, refCount: number): void {
    const id = this.nextId++;
    this.entries.set(dataId, { id, refCount });
    this.dataIdsByNumber.set(id, dataId);
    this.live++;
    this.channel.post({ op: 'write', id, values: values as Values, shape, dtype });
    for (let i = 1; i < refCount; i++) this.channel.post({ op: 'incRef', id });
  }

  override disposeData(dataId: object, force = false): boolean {
    const entry = this.entries.get(dataId);
    if (!entry) return true;
    entry.refCount = force ? 0 : entry.refCount - 1;
    this.channel.post({ op: 'dispose', id: entry.id, force });
    if (entry.refCount > 0) return false;
    this.entries.delete(dataId);
    this.dataIdsByNumber.delete(entry.id);
    this.live--;
    return true;
  }

  override readSync(dataId: object): tf.backend_util.BackendValues {
    const answer = this.channel.request({ op: 'read', id: this.entry(dataId).id });
    return (answer as { values: Values }).values as tf.backend_util.BackendValues;
  }

  override async read(dataId: object): Promise<tf.backend_util.BackendValues> {
    // Synchronous on purpose: an asynchronous read would let later requests overtake it.
    return this.readSync(dataId);
  }

  /** Waits for all submitted GPU work and fails if WebGPU reported an error on any of it. */
  checkErrors(): void {
    this.channel.request({ op: 'sync' });
  }

  /**
   * Runs one kernel in the worker. Outputs the worker already knows (a reshape shares its input's
   * data) get one more reference here too, mirroring the `incRef` the kernel made there.
   */
  runKernel(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo | tf.TensorInfo[] {
    const ids: Record<string, InputInfo | null> = {};
    for (const [name, info] of Object.entries(inputs)) ids[name] = info ? { id: this.entry(info.dataId).id, shape: info.shape, dtype: info.dtype } : null;
    const answer = this.channel.request({ op: 'kernel', name: kernelName, inputs: ids, attrs: attrs as Record<string, unknown> }) as { outputs: OutputInfo[]; single: boolean };
    const outputs = answer.outputs.map((output) => this.adopt(output));
    return answer.single ? outputs[0]! : outputs;
  }

  private adopt(output: OutputInfo): tf.TensorInfo {
    let dataId = this.dataIdsByNumber.get(output.id);
    if (dataId) {
      this.entry(dataId).refCount++;
    } else {
      dataId = {};
      this.entries.set(dataId, { id: output.id, refCount: 1 });
      this.dataIdsByNumber.set(output.id, dataId);
      this.live++;
    }
    return { dataId, shape: output.shape, dtype: output.dtype as tf.DataType };
  }

  override numDataIds(): number {
    return this.live;
  }

  override memory(): { unreliable: boolean; reasons?: string[] } {
    return { unreliable: true, reasons: ['tensor data lives in the WebGPU worker thread'] };
  }

  override timerAvailable(): boolean {
    return true;
  }

  override async time(f: () => void): Promise<tf.BackendTimingInfo> {
    const started = performance.now();
    f();
    this.checkErrors();
    return { kernelMs: performance.now() - started };
  }

  override floatPrecision(): 32 {
    return 32;
  }

  override epsilon(): number {
    return 1e-7;
  }

  override dispose(): void {}
}

/** Registers a forwarding `webgpu` kernel on the main thread for each kernel name the worker has. */
export function registerForwardingKernels(kernelNames: string[]): void {
  for (const kernelName of kernelNames) {
    if (tf.getKernel(kernelName, 'webgpu')) continue;
    tf.registerKernel({
      kernelName, backendName: 'webgpu',
      kernelFunc: ({ inputs, attrs, backend }) => (backend as unknown as RemoteWebGpuBackend).runKernel(kernelName, inputs, attrs ?? {}),
    });
  }
}
