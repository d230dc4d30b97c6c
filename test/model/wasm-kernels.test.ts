import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { replaceableKernels, replaceWasmKernels } from '../../src/model/kernels/register-wasm-kernels.js';

/**
 * The kernels src/model/kernels registers for wasm, checked against the cpu backend's own
 * kernels on seeded random shapes and values: max |wasm − cpu| ≤ 1e-4, and no tensor or backend
 * buffer left behind on either backend.
 */

const tolerance = 1e-4;
const random = seedrandom('wasm-kernels');
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
/** Values in [-1, 1), fixed per case so both backends see the same numbers. */
const values = (shape: number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() * 2 - 1);

type Pad = 'same' | 'valid' | number;

/**
 * One computation: builds its input tensors from fixed values on the active backend and returns
 * them with its outputs. No `tf.tidy`, so a tensor leaked by a gradient shows in the count.
 */
interface Case {
  name: string;
  run: () => { inputs: tf.Tensor[]; outputs: tf.Tensor[] };
}

function conv2dOutShape(x: number[], filter: number[], strides: [number, number], pad: Pad, rounding?: 'floor' | 'round' | 'ceil'): number[] {
  return tf.backend_util.computeConv2DInfo(x as [number, number, number, number], filter as [number, number, number, number],
    strides, 1, pad, rounding).outShape;
}

function depthwiseOutShape(x: number[], filter: number[], stride: number, pad: Pad): number[] {
  return tf.backend_util.computeConv2DInfo(x as [number, number, number, number], filter as [number, number, number, number],
    [stride, stride], 1, pad, undefined, true).outShape;
}

/**
 * Random input side that fits a kernel of size k (valid padding needs ≥ k); at least k + 1 so a
 * stride-2 window never sees only padding (an all-zero gradient would compare equal trivially).
 */
const side = (k: number) => int(k + 1, k + 7);

const conv2dCases: Case[] = [];
for (const stride of [1, 2]) {
  for (const pad of ['same', 'valid', 1] as Pad[]) {
    for (const k of [1, 3, 5]) {
      const xShape = [int(1, 3), side(k), side(k), int(1, 4)];
      const filterShape = [k, k, xShape[3]!, int(1, 5)];
      const strides: [number, number] = [stride, stride];
      const dyShape = conv2dOutShape(xShape, filterShape, strides, pad);
      const [x, f, dy] = [values(xShape), values(filterShape), values(dyShape)];
      conv2dCases.push({
        name: `x=[${xShape}] filter=[${filterShape}] stride=${stride} pad=${pad}`,
        run: () => {
          const inputs = [tf.tensor4d(x, xShape as never), tf.tensor4d(f, filterShape as never), tf.tensor4d(dy, dyShape as never)];
          const [xT, fT, dyT] = inputs as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
          return { inputs, outputs: [tf.grad((filter: tf.Tensor) => tf.conv2d(xT, filter as tf.Tensor4D, strides, pad))(fT, dyT)] };
        },
      });
    }
  }
}

/** Shapes the loops above do not reach: non-square kernels and strides, rounding modes, explicit pads, NCHW. */
const direct: Array<{ name: string; x: number[]; filter: number[]; strides: [number, number]; pad: Pad | tf.backend_util.ExplicitPadding;
  rounding?: 'floor' | 'round' | 'ceil'; nchw?: boolean }> = [
  { name: 'non-square kernel 3x5, same', x: [2, 9, 11, 3], filter: [3, 5, 3, 4], strides: [1, 1], pad: 'same' },
  { name: 'strides [1, 2], valid', x: [1, 8, 9, 2], filter: [3, 3, 2, 3], strides: [1, 2], pad: 'valid' },
  { name: 'strides [2, 1], same, odd sizes', x: [2, 7, 6, 2], filter: [2, 4, 2, 2], strides: [2, 1], pad: 'same' },
  { name: 'stride 2 larger than kernel 1 (skipped rows)', x: [1, 7, 7, 2], filter: [1, 1, 2, 3], strides: [2, 2], pad: 'same' },
  { name: 'stride 3, kernel 2, valid with leftover rows', x: [2, 10, 11, 1], filter: [2, 2, 1, 2], strides: [3, 3], pad: 'valid' },
  { name: 'numeric pad 2 with rounding ceil', x: [1, 8, 8, 2], filter: [3, 3, 2, 2], strides: [2, 2], pad: 2, rounding: 'ceil' },
  { name: 'numeric pad 1 with rounding floor', x: [1, 9, 9, 2], filter: [4, 4, 2, 2], strides: [2, 2], pad: 1, rounding: 'floor' },
  { name: 'explicit asymmetric pad', x: [2, 6, 7, 2], filter: [3, 3, 2, 3], strides: [2, 2], pad: [[0, 0], [0, 2], [1, 0], [0, 0]] },
  { name: 'NCHW (cpu fallback)', x: [2, 3, 6, 6], filter: [3, 3, 3, 2], strides: [1, 1], pad: 'same', nchw: true },
];
for (const spec of direct) {
  const dataFormat = spec.nchw ? 'channelsFirst' : 'channelsLast';
  const info = tf.backend_util.computeConv2DInfo(spec.x as [number, number, number, number], spec.filter as [number, number, number, number],
    spec.strides, 1, spec.pad, spec.rounding, false, dataFormat);
  const [x, dy] = [values(spec.x), values(info.outShape)];
  conv2dCases.push({
    name: `${spec.name}: x=[${spec.x}] filter=[${spec.filter}]`,
    run: () => {
      const xT = tf.tensor4d(x, spec.x as never);
      const dyT = tf.tensor4d(dy, info.outShape);
      // Direct kernel call: the public ops reject some of these attribute combinations before the kernel.
      const out = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: xT, dy: dyT }, {
        strides: spec.strides, pad: spec.pad, dataFormat: spec.nchw ? 'NCHW' : 'NHWC', dimRoundingMode: spec.rounding,
        filterShape: spec.filter,
      } as never) as tf.Tensor;
      return { inputs: [xT, dyT], outputs: [out] };
    },
  });
}

const depthwiseCases: Case[] = [];
for (const stride of [1, 2]) {
  for (const pad of ['same', 'valid'] as const) {
    for (const k of [1, 3, 5]) {
      const xShape = [int(1, 3), side(k), side(k), int(1, 4)];
      const filterShape = [k, k, xShape[3]!, int(1, 2)];
      const dyShape = depthwiseOutShape(xShape, filterShape, stride, pad);
      const [x, f, dy] = [values(xShape), values(filterShape), values(dyShape)];
      depthwiseCases.push({
        name: `x=[${xShape}] filter=[${filterShape}] stride=${stride} pad=${pad}`,
        run: () => {
          const inputs = [tf.tensor4d(x, xShape as never), tf.tensor4d(f, filterShape as never), tf.tensor4d(dy, dyShape as never)];
          const outputs = tf.grads((input: tf.Tensor, filter: tf.Tensor) =>
            tf.depthwiseConv2d(input as tf.Tensor4D, filter as tf.Tensor4D, stride, pad))(inputs.slice(0, 2), inputs[2]);
          return { inputs, outputs };
        },
      });
    }
  }
}

const separableCases: Case[] = [];
for (const [stride, pad, k] of [[1, 'same', 3], [2, 'same', 3], [1, 'valid', 5], [2, 'valid', 3], [1, 'same', 1], [2, 'same', 5]] as const) {
  const xShape = [int(1, 3), side(k), side(k), int(1, 3)];
  const depthShape = [k, k, xShape[3]!, int(1, 2)];
  const pointShape = [1, 1, xShape[3]! * depthShape[3]!, int(1, 4)];
  const dyShape = [...depthwiseOutShape(xShape, depthShape, stride, pad).slice(0, 3), pointShape[3]!];
  const [x, d, p, dy] = [values(xShape), values(depthShape), values(pointShape), values(dyShape)];
  separableCases.push({
    name: `x=[${xShape}] depthwise=[${depthShape}] pointwise=[${pointShape}] stride=${stride} pad=${pad}`,
    run: () => {
      const inputs = [tf.tensor4d(x, xShape as never), tf.tensor4d(d, depthShape as never), tf.tensor4d(p, pointShape as never),
        tf.tensor4d(dy, dyShape as never)];
      const outputs = tf.grads((input: tf.Tensor, depth: tf.Tensor, point: tf.Tensor) =>
        tf.separableConv2d(input as tf.Tensor4D, depth as tf.Tensor4D, point as tf.Tensor4D, stride, pad))(inputs.slice(0, 3), inputs[3]);
      return { inputs, outputs };
    },
  });
}

const segmentCases: Case[] = [];
for (const [paramsShape, axis, count] of [[[10, 4], 0, 25], [[6, 5, 3], 1, 12], [[50], 0, 80], [[3, 7, 2], 2, 5]] as const) {
  const params = values([...paramsShape]);
  // Indices repeat, so the gradient has to add several rows into one.
  const indices = Int32Array.from({ length: count }, () => int(0, paramsShape[axis]! - 1));
  const dyShape = [...paramsShape.slice(0, axis), count, ...paramsShape.slice(axis + 1)];
  const dy = values(dyShape);
  segmentCases.push({
    name: `gather gradient: params=[${paramsShape}] axis=${axis} indices=${count}`,
    run: () => {
      const inputs = [tf.tensor1d(indices, 'int32'), tf.tensor(params, [...paramsShape]), tf.tensor(dy, dyShape)];
      const [indexT, paramsT, dyT] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor];
      return { inputs, outputs: [tf.grad((p: tf.Tensor) => tf.gather(p, indexT, axis))(paramsT, dyT)] };
    },
  });
}
for (const [xShape, numSegments] of [[[12, 3], 5], [[20], 7], [[9, 2, 3], 4], [[6, 4], 10]] as const) {
  const x = values([...xShape]);
  // Some ids fall outside [0, numSegments): both kernels drop those rows.
  const ids = Int32Array.from({ length: xShape[0] }, () => int(-1, numSegments));
  segmentCases.push({
    name: `unsortedSegmentSum: x=[${xShape}] segments=${numSegments}`,
    run: () => {
      const inputs = [tf.tensor(x, [...xShape]), tf.tensor1d(ids, 'int32')];
      return { inputs, outputs: [tf.unsortedSegmentSum(inputs[0]!, inputs[1] as tf.Tensor1D, numSegments)] };
    },
  });
}

/** Backend-level buffer count (catches kernels that leak intermediate buffers the engine never sees). */
function buffers(name: string): number {
  return tf.findBackend(name)!.numDataIds();
}

interface Run {
  outputs: { shape: number[]; data: Float32Array }[];
  /** Engine tensors and each backend's buffers before the case and after disposing its inputs and outputs. */
  counts: { before: Record<string, number>; after: Record<string, number> };
}

/** Runs a case on one backend, returning its outputs as plain arrays and the tensor/buffer counts around it. */
async function runOn(backend: 'wasm' | 'cpu', testCase: Case): Promise<Run> {
  await tf.setBackend(backend);
  const count = () => ({ tensors: tf.memory().numTensors, wasmBuffers: buffers('wasm'), cpuBuffers: buffers('cpu') });
  const before = count();
  const { inputs, outputs } = testCase.run();
  const values = outputs.map((output) => ({ shape: output.shape, data: output.dataSync() as Float32Array }));
  tf.dispose([...inputs, ...outputs]);
  return { outputs: values, counts: { before, after: count() } };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** Compares wasm against cpu for one case. */
async function expectWasmMatchesCpu(testCase: Case): Promise<void> {
  const wasm = await runOn('wasm', testCase);
  const cpu = await runOn('cpu', testCase);
  expect(wasm.outputs.map((output) => output.shape)).toEqual(cpu.outputs.map((output) => output.shape));
  wasm.outputs.forEach((output, i) => {
    const reference = cpu.outputs[i]!.data;
    expect(reference.some((value) => value !== 0), `output ${i} is not all zeros`).toBe(true);
    expect(maxAbsDiff(output.data, reference), `max |wasm − cpu| of output ${i}`).toBeLessThanOrEqual(tolerance);
  });
  expect(wasm.counts.after, 'tensors and buffers after the wasm run').toEqual(wasm.counts.before);
  expect(cpu.counts.after, 'tensors and buffers after the cpu run').toEqual(cpu.counts.before);
}

/**
 * Max-pool input gradients with *tied* maxima (values rounded to a few levels, like ReLU outputs
 * over a constant background): the replaced wasm kernel must route each window's gradient to its
 * first maximum, exactly as the cpu backend does.
 */
const poolCases: Case[] = [];
for (const [window, stride, pad] of [[2, 2, 'valid'], [2, 2, 'same'], [3, 3, 'valid'], [3, 2, 'same'], [3, 1, 'valid'], [2, 3, 'valid']] as [number, number, Pad][]) {
  const xShape = [int(1, 3), int(window + 2, 11), int(window + 2, 11), int(1, 5)];
  const x = values(xShape).map((value) => Math.round(value * 2) / 2);
  const outShape = tf.backend_util.computePool2DInfo(xShape as [number, number, number, number], window, stride, 1, pad).outShape;
  const dy = values(outShape);
  poolCases.push({
    name: `maxPool window ${window} stride ${stride} ${pad} x=[${xShape}] with ties`,
    run: () => {
      const inputs = [tf.tensor4d(x, xShape as never), tf.tensor4d(dy, outShape as never)];
      const [xT, dyT] = inputs as [tf.Tensor4D, tf.Tensor4D];
      return { inputs, outputs: [tf.grad((input: tf.Tensor) => tf.maxPool(input as tf.Tensor4D, window, stride, pad))(xT, dyT)] };
    },
  });
}

/** Input gradients of conv2d (Conv2DBackpropInput, computed as a forward convolution on wasm). */
const backpropInputCases: Case[] = [];
for (const stride of [1, 2, 3]) {
  for (const pad of ['same', 'valid', 1] as Pad[]) {
    for (const k of [1, 3, 5]) {
      const xShape = [int(1, 3), side(k), side(k), int(1, 4)];
      const filterShape = [k, k, xShape[3]!, int(1, 5)];
      const strides: [number, number] = [stride, stride];
      const dyShape = conv2dOutShape(xShape, filterShape, strides, pad);
      const [x, f, dy] = [values(xShape), values(filterShape), values(dyShape)];
      backpropInputCases.push({
        name: `conv2d input gradient x=[${xShape}] filter=[${filterShape}] stride=${stride} pad=${pad}`,
        run: () => {
          const inputs = [tf.tensor4d(x, xShape as never), tf.tensor4d(f, filterShape as never), tf.tensor4d(dy, dyShape as never)];
          const [xT, fT, dyT] = inputs as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
          return { inputs, outputs: [tf.grad((input: tf.Tensor) => tf.conv2d(input as tf.Tensor4D, fT, strides, pad))(xT, dyT)] };
        },
      });
    }
  }
}

/** Products with transposed operands (BatchMatMul, transposed explicitly on wasm). */
const matMulCases: Case[] = [];
for (const [transposeA, transposeB] of [[false, true], [true, false], [true, true], [false, false]] as const) {
  for (const batch of [0, 3]) {
    const [m, k, n] = [int(1, 40), int(1, 60), int(1, 30)];
    const aShape = [...(batch ? [batch] : []), ...(transposeA ? [k, m] : [m, k])];
    const bShape = [...(batch ? [batch] : []), ...(transposeB ? [n, k] : [k, n])];
    const [a, b] = [values(aShape), values(bShape)];
    matMulCases.push({
      name: `matMul a=[${aShape}] b=[${bShape}] transposeA=${transposeA} transposeB=${transposeB}`,
      run: () => {
        const inputs = [tf.tensor(a, aShape), tf.tensor(b, bShape)];
        const [aT, bT] = inputs as [tf.Tensor, tf.Tensor];
        const product = batch
          ? tf.matMul(aT as tf.Tensor3D, bT as tf.Tensor3D, transposeA, transposeB)
          : tf.matMul(aT as tf.Tensor2D, bT as tf.Tensor2D, transposeA, transposeB);
        return { inputs, outputs: [product] };
      },
    });
  }
}

beforeAll(async () => {
  // selectBackend registers the missing kernels; the cpu backend stays available for comparison.
  await selectBackend('wasm');
});

describe('wasm kernels registered by src/model/kernels', () => {
  it('selects wasm and has every kernel the stock wasm backend lacks', () => {
    expect(tf.getBackend()).toBe('wasm');
    for (const kernel of [tf.Conv2DBackpropFilter, tf.DepthwiseConv2dNativeBackpropInput, tf.DepthwiseConv2dNativeBackpropFilter,
      tf.UnsortedSegmentSum]) {
      expect(tf.getKernel(kernel, 'wasm'), kernel).toBeDefined();
    }
  });

  it.each(conv2dCases.map((testCase) => [testCase.name, testCase] as const))('conv2d filter gradient %s', async (_, testCase) => {
    await expectWasmMatchesCpu(testCase);
  });

  it.each(depthwiseCases.map((testCase) => [testCase.name, testCase] as const))('depthwiseConv2d input and filter gradients %s',
    async (_, testCase) => {
      await expectWasmMatchesCpu(testCase);
    });

  it.each(separableCases.map((testCase) => [testCase.name, testCase] as const))('separableConv2d gradients %s', async (_, testCase) => {
    await expectWasmMatchesCpu(testCase);
  });

  it.each(segmentCases.map((testCase) => [testCase.name, testCase] as const))('%s', async (_, testCase) => {
    await expectWasmMatchesCpu(testCase);
  });

  it.each(poolCases.map((testCase) => [testCase.name, testCase] as const))('%s', async (_, testCase) => {
    await expectWasmMatchesCpu(testCase);
  });

  it.each(backpropInputCases.map((testCase) => [testCase.name, testCase] as const))('%s', async (_, testCase) => {
    await expectWasmMatchesCpu(testCase);
  });

  it.each(matMulCases.map((testCase) => [testCase.name, testCase] as const))('%s', async (_, testCase) => {
    await expectWasmMatchesCpu(testCase);
  });

  it('replaces MaxPoolGrad, Conv2DBackpropInput and BatchMatMul on wasm; ROBUSTCHECK_STOCK_KERNELS can keep the stock ones', () => {
    expect(replaceableKernels).toEqual([tf.MaxPoolGrad, tf.Conv2DBackpropInput, tf.BatchMatMul]);
    expect(replaceWasmKernels()).toEqual(replaceableKernels);
  });
});
