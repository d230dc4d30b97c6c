import * as tf from '@tensorflow/tfjs';
import { OnnxGraphBuilder } from '../../../src/engine/onnx/graph-builder.js';
import { float, floatTensor, int, int64Tensor, ints, str, type OnnxGraph } from '../../../src/engine/onnx/ir.js';
import { mulberry32 } from '../../helpers/mulberry32.js';

/** A tfjs function on NCHW tensors (the reference the ONNX graph must match). */
type TfStep = (x: tf.Tensor) => tf.Tensor;

type Pads = 'valid' | 'same' | [number, number, number, number];

const toNhwc = (x: tf.Tensor) => x.transpose([0, 2, 3, 1]);
const toNchw = (x: tf.Tensor) => x.transpose([0, 3, 1, 2]);

/**
 * Builds the same small network twice: as an ONNX graph (NCHW, what the translators emit) and
 * as a tfjs function (NHWC kernels between transposes, so the input stays NCHW on both sides).
 * Weights are drawn from a fixed stream. Shapes are tracked to write both sides.
 */
export class DualModel {
  readonly b = new OnnxGraphBuilder();
  private readonly steps: TfStep[] = [];
  private readonly weights: tf.Tensor[] = [];
  private readonly random: () => number;
  private current: string;
  /** NCHW shape without the batch. */
  shape: number[];
  /** The input's sample shape. */
  readonly inputShape: readonly number[];

  constructor(sample: number[], seed = 1) {
    this.random = mulberry32(seed);
    this.current = this.b.input('x', ['N', ...sample]);
    this.shape = [...sample];
    this.inputShape = [...sample];
  }

  private values(count: number, scale: number): Float32Array {
    return Float32Array.from({ length: count }, () => (this.random() * 2 - 1) * scale);
  }

  private keep(tensor: tf.Tensor): tf.Tensor {
    this.weights.push(tensor);
    return tensor;
  }

  /** Registers a tensor of a custom step, disposed with the model. */
  hold<T extends tf.Tensor>(tensor: T): T {
    this.weights.push(tensor);
    return tensor;
  }

  private push(value: string, shape: number[], step: TfStep): this {
    this.current = value;
    this.shape = shape;
    this.steps.push(step);
    return this;
  }

  /** 2-D convolution (optionally depthwise with a channel multiplier), with bias. */
  conv(out: number, k: [number, number], options: { stride?: number; dilation?: number; pads?: Pads; depthwise?: boolean; autoPad?: boolean } = {}): this {
    const [c, h, w] = this.shape as [number, number, number];
    const stride = options.stride ?? 1;
    const dilation = options.dilation ?? 1;
    const multiplier = options.depthwise ? out / c : 0;
    const perGroup = options.depthwise ? 1 : c;
    const fan = perGroup * k[0] * k[1];
    const wData = this.values(out * perGroup * k[0] * k[1], Math.sqrt(3 / fan));
    const bData = this.values(out, 0.1);
    const wName = this.b.constant(floatTensor([out, perGroup, ...k], wData), 'w');
    const bName = this.b.constant(floatTensor([out], bData), 'b');
    const pads = options.pads ?? 'valid';
    const eff = k.map((size) => (size - 1) * dilation + 1) as [number, number];
    const explicit = padsFor(pads, [h, w], eff, stride);
    const attributes: Parameters<OnnxGraphBuilder['node']>[2] = {
      kernel_shape: ints(k), strides: ints([stride, stride]), dilations: ints([dilation, dilation]),
      group: int(options.depthwise ? c : 1),
    };
    if (options.autoPad && pads === 'same') attributes.auto_pad = str('SAME_UPPER');
    else attributes.pads = ints([explicit[0], explicit[2], explicit[1], explicit[3]]);
    const y = this.b.node('Conv', [this.current, wName, bName], attributes);
    const outH = Math.floor((h + explicit[0] + explicit[1] - eff[0]) / stride) + 1;
    const outW = Math.floor((w + explicit[2] + explicit[3] - eff[1]) / stride) + 1;
    // tfjs has no gradient for dilated convolutions: the reference convolves with the dilated
    // kernel written out (zeros between the taps), the same function.
    const filter = this.keep(tf.tidy(() => {
      const weight = tf.tensor4d(dilateKernel(wData, out * perGroup, k, dilation), [out, perGroup, eff[0], eff[1]]);
      return options.depthwise ? weight.reshape([c, multiplier, eff[0], eff[1]]).transpose([2, 3, 0, 1]) : weight.transpose([2, 3, 1, 0]);
    }));
    const bias = this.keep(tf.tensor1d(bData));
    const tfPad: 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]] =
      pads === 'valid' || pads === 'same' ? pads : [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]];
    return this.push(y, [out, outH, outW], (x) => tf.tidy(() => {
      const nhwc = toNhwc(x) as tf.Tensor4D;
      const conv = options.depthwise
        ? tf.depthwiseConv2d(nhwc, filter as tf.Tensor4D, stride, tfPad, 'NHWC')
        : tf.conv2d(nhwc, filter as tf.Tensor4D, stride, tfPad, 'NHWC');
      return toNchw(conv.add(bias));
    }));
  }

  /** Max or average pooling ('same' is written as SAME_UPPER auto_pad, as tfjs pads). */
  pool(kind: 'max' | 'avg', k: number, stride: number, pads: 'valid' | 'same' = 'valid', countIncludePad = false): this {
    const [c, h, w] = this.shape as [number, number, number];
    const attributes: Parameters<OnnxGraphBuilder['node']>[2] = { kernel_shape: ints([k, k]), strides: ints([stride, stride]) };
    if (pads === 'same') attributes.auto_pad = str('SAME_UPPER');
    if (kind === 'avg' && countIncludePad) attributes.count_include_pad = int(1);
    const y = this.b.node(kind === 'max' ? 'MaxPool' : 'AveragePool', [this.current], attributes);
    const explicit = padsFor(pads, [h, w], [k, k], stride);
    const outH = Math.floor((h + explicit[0] + explicit[1] - k) / stride) + 1;
    const outW = Math.floor((w + explicit[2] + explicit[3] - k) / stride) + 1;
    if (kind === 'avg' && pads === 'same') {
      // tfjs's avgPool gradient ignores the valid-count divisor at the borders; the reference
      // is the pooled sum divided by the exact divisor map, whose gradient is exact.
      const divisors = this.keep(divisorMap([h, w], [outH, outW], k, stride, explicit, countIncludePad));
      const ones = this.keep(tf.ones([k, k, c, 1]));
      return this.push(y, [c, outH, outW], (x) => tf.tidy(() => {
        const padded = tf.pad(toNhwc(x) as tf.Tensor4D, [[0, 0], [explicit[0], explicit[1]], [explicit[2], explicit[3]], [0, 0]]);
        return toNchw(tf.depthwiseConv2d(padded, ones as tf.Tensor4D, stride, 'valid').div(divisors));
      }));
    }
    return this.push(y, [c, outH, outW], (x) => tf.tidy(() => {
      const nhwc = toNhwc(x) as tf.Tensor4D;
      return toNchw(kind === 'max' ? tf.maxPool(nhwc, k, stride, pads) : tf.avgPool(nhwc, k, stride, pads));
    }));
  }

  /** An elementwise op: the ONNX node and its tfjs counterpart. */
  unary(op: string, tfOp: TfStep, attributes: Parameters<OnnxGraphBuilder['node']>[2] = {}, extraInputs: string[] = []): this {
    const y = this.b.node(op, [this.current, ...extraInputs], attributes);
    return this.push(y, this.shape, tfOp);
  }

  relu(): this { return this.unary('Relu', (x) => tf.relu(x)); }

  /** Flatten in NCHW order (as the translator does after transposing back). */
  flatten(): this {
    const size = this.shape.reduce((a, b) => a * b, 1);
    const y = this.b.node('Flatten', [this.current], { axis: int(1) });
    return this.push(y, [size], (x) => x.reshape([x.shape[0]!, size]));
  }

  /** Dense layer as Gemm (transB = 1, weights [units, in]) or MatMul + Add. */
  dense(units: number, form: 'gemm' | 'matmul' = 'gemm'): this {
    const [inSize] = this.shape as [number];
    const wData = this.values(units * inSize, Math.sqrt(3 / inSize));
    const bData = this.values(units, 0.1);
    let y: string;
    if (form === 'gemm') {
      const wName = this.b.constant(floatTensor([units, inSize], wData), 'dense_w');
      const bName = this.b.constant(floatTensor([units], bData), 'dense_b');
      y = this.b.node('Gemm', [this.current, wName, bName], { transB: int(1), alpha: float(1), beta: float(1) });
    } else {
      const transposed = tf.tidy(() => tf.tensor2d(wData, [units, inSize]).transpose().dataSync());
      const wName = this.b.constant(floatTensor([inSize, units], transposed), 'dense_w');
      const bName = this.b.constant(floatTensor([units], bData), 'dense_b');
      y = this.b.node('Add', [this.b.node('MatMul', [this.current, wName]), bName]);
    }
    const kernel = this.keep(tf.tidy(() => tf.tensor2d(wData, [units, inSize]).transpose()));
    const bias = this.keep(tf.tensor1d(bData));
    return this.push(y, [units], (x) => tf.tidy(() => tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D).add(bias)));
  }

  /** A Softmax / Sigmoid output activation. */
  softmax(): this { return this.unary('Softmax', (x) => tf.softmax(x), { axis: int(1) }); }
  sigmoid(): this { return this.unary('Sigmoid', (x) => tf.sigmoid(x)); }

  /** Adds an ONNX value built by `onnx` from the current one, with the tfjs counterpart. */
  custom(shape: number[], onnx: (b: OnnxGraphBuilder, current: string) => string, tfStep: TfStep): this {
    return this.push(onnx(this.b, this.current), shape, tfStep);
  }

  /** A constant of the builder (for custom steps). */
  constant(dims: number[], data: ArrayLike<number>): string {
    return this.b.constant(floatTensor(dims, data), 'c');
  }

  /** An int64 constant of the builder. */
  ints(values: number[]): string {
    return this.b.constant(int64Tensor([values.length], values), 'i');
  }

  /** A random float array for weights of custom steps. */
  draw(count: number, scale = 1): Float32Array {
    return this.values(count, scale);
  }

  /** The finished ONNX forward graph (one input `x`, one output). */
  graph(): OnnxGraph {
    return { ...this.b.graph, outputs: [{ name: this.current, type: 'float32', shape: ['N', ...this.shape] }] };
  }

  /** The tfjs forward function on NCHW input. */
  forward(x: tf.Tensor): tf.Tensor2D {
    let value = x;
    const made: tf.Tensor[] = [];
    for (const step of this.steps) {
      value = step(value);
      made.push(value);
    }
    const result = value as tf.Tensor2D;
    for (const tensor of made) if (tensor !== result) tensor.dispose();
    return result;
  }

  dispose(): void {
    for (const tensor of this.weights) tensor.dispose();
  }
}

/** `count` kernels of size k with dilation-1 zeros inserted between taps. */
function dilateKernel(data: Float32Array, count: number, k: [number, number], dilation: number): Float32Array {
  const eh = (k[0] - 1) * dilation + 1;
  const ew = (k[1] - 1) * dilation + 1;
  const result = new Float32Array(count * eh * ew);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < k[0]; i++) {
      for (let j = 0; j < k[1]; j++) result[(n * eh + i * dilation) * ew + j * dilation] = data[(n * k[0] + i) * k[1] + j]!;
    }
  }
  return result;
}

/** Explicit [top, bottom, left, right] pads of a tfjs padding mode. */
function padsFor(pads: Pads, size: [number, number], eff: [number, number], stride: number): [number, number, number, number] {
  if (pads === 'valid') return [0, 0, 0, 0];
  if (pads !== 'same') return pads;
  const result: number[] = [];
  for (let axis = 0; axis < 2; axis++) {
    const out = Math.ceil(size[axis]! / stride);
    const total = Math.max(0, (out - 1) * stride + eff[axis]! - size[axis]!);
    result.push(Math.floor(total / 2), total - Math.floor(total / 2));
  }
  return result as [number, number, number, number];
}

/** Divisor of every output position of an average pool, as an NHWC-broadcastable tensor [1, H, W, 1]. */
function divisorMap(size: [number, number], out: [number, number], k: number, stride: number, pads: [number, number, number, number], includePad: boolean): tf.Tensor {
  const counts = (axis: 0 | 1) => Array.from({ length: out[axis] }, (_, position) => {
    const begin = pads[axis * 2]!;
    let count = 0;
    for (let offset = 0; offset < k; offset++) {
      const at = position * stride - begin + offset;
      const low = includePad ? -begin : 0;
      const high = includePad ? size[axis] + pads[axis * 2 + 1]! : size[axis];
      if (at >= low && at < high) count++;
    }
    return count;
  });
  const rows = counts(0);
  const cols = counts(1);
  return tf.tensor4d(rows.flatMap((r) => cols.map((c) => r * c)), [1, out[0], out[1], 1]);
}

