import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildGradientGraph, buildLogitsGraph, GradientGraphError, UnsupportedOpsError, unsupportedGradientOps,
  type GradientLoss,
} from '../../../src/engine/autodiff/index.js';
import { decodeModel, encodeModel } from '../../../src/engine/onnx/codec.js';
import { OnnxGraphBuilder } from '../../../src/engine/onnx/graph-builder.js';
import { floatTensor, int, ints, type OnnxGraph } from '../../../src/engine/onnx/ir.js';
import { OrtSession } from '../../../src/engine/ort/ort-session.js';
import { compareWithTfjs, tiedImages } from './compare.js';
import { DualModel } from './dual-model.js';
import { expectAgreement } from './expectations.js';

beforeAll(async () => { await tf.setBackend('cpu'); });

/** conv(1→8, 3×3) → ReLU → 2×2 max pool → dense, the block every demo-like CNN repeats. */
function block(): DualModel {
  return new DualModel([1, 10, 10], 2).conv(8, [3, 3]).relu().pool('max', 2, 2).flatten().dense(10);
}

describe('gradient graph structure', () => {
  const losses: GradientLoss[] = ['ce', 'margin', 'dlr', 'cotangent'];
  for (const loss of losses) {
    it(`conv→relu→2×2 pool: no Equal/Where and no MaxPool Indices anywhere (${loss})`, () => {
      const model = block();
      const graph = buildGradientGraph(model.graph(), { loss, targeted: loss === 'dlr', outputKind: 'logits' });
      model.dispose();
      expect(graph.nodes.filter((node) => node.op === 'Equal' || node.op === 'Where')).toEqual([]);
      for (const node of graph.nodes.filter((n) => n.op === 'MaxPool')) expect(node.outputs.filter(Boolean)).toHaveLength(1);
      expect(graph.outputs.map((value) => value.name)).toEqual(['logits', 'loss', 'gradient']);
      expect(graph.inputs.map((value) => value.name)).toEqual(loss === 'cotangent' ? ['x', 'cotangent'] : loss === 'dlr' ? ['x', 'labels', 'targets'] : ['x', 'labels']);
    });
  }

  it('the tie-routing tests do see ties: many 2×2 windows of the test images hold a repeated maximum', () => {
    const images = tiedImages(4, [3, 8, 8]);
    let tied = 0;
    for (let plane = 0; plane < 12; plane++) {
      for (let r = 0; r < 8; r += 2) {
        for (let c = 0; c < 8; c += 2) {
          const window = [0, 1, 8, 9].map((offset) => images[plane * 64 + r * 8 + c + offset]!);
          const max = Math.max(...window);
          if (window.filter((value) => value === max).length > 1) tied++;
        }
      }
    }
    // 18 of 192 windows with these seeds; routing them to every tie would move gradient mass far beyond 1e-4.
    expect(tied).toBeGreaterThanOrEqual(10);
  });

  it('a same-padded conv→relu→2×2 pool with one input channel becomes four stride-2 phase convs', () => {
    const model = new DualModel([1, 12, 12], 2).conv(8, [3, 3], { pads: 'same' }).relu().pool('max', 2, 2).flatten().dense(10);
    const graph = buildGradientGraph(model.graph(), { loss: 'ce', targeted: false, outputKind: 'logits' });
    const without = buildGradientGraph(model.graph(), { loss: 'ce', targeted: false, outputKind: 'logits' }, { phaseBlocks: false });
    expectAgreement(compareWithTfjs(model, { loss: 'margin', targeted: false, outputKind: 'logits' }, 32), 'phase block');
    model.dispose();
    const ops = (g: OnnxGraph, op: string) => g.nodes.filter((node) => node.op === op).length;
    expect(ops(graph, 'Conv')).toBe(4);
    expect(ops(graph, 'MaxPool')).toBe(0);
    expect(ops(graph, 'ConvTranspose')).toBe(4);
    expect(ops(without, 'Conv')).toBe(1);
    expect(ops(without, 'MaxPool')).toBe(1);
  });

  it('with 8+ input channels the phase block interleaves its gradient into one flipped-weight conv', () => {
    const model = new DualModel([8, 10, 10], 6).conv(8, [3, 3], { pads: 'same' }).relu().pool('max', 2, 2).flatten().dense(10);
    const graph = buildGradientGraph(model.graph(), { loss: 'ce', targeted: false, outputKind: 'logits' });
    expectAgreement(compareWithTfjs(model, { loss: 'ce', targeted: true, outputKind: 'logits' }, 32), 'interleaved phase block');
    model.dispose();
    expect(graph.nodes.filter((node) => node.op === 'Conv')).toHaveLength(5);
    expect(graph.nodes.filter((node) => node.op === 'ConvTranspose')).toHaveLength(0);
    expect(graph.nodes.filter((node) => node.op === 'MaxPool')).toHaveLength(0);
  });

  it('the demo block agrees with tfjs at batch 32 (ties in pools and relus), leaving no tfjs tensor behind', () => {
    const before = tf.memory().numTensors;
    const model = block();
    expectAgreement(compareWithTfjs(model, { loss: 'ce', targeted: false, outputKind: 'logits' }, 32), 'block');
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** x [N, 4] → Gemm → `op` → output; `op` may be one with no gradient rule. */
function withOp(op: string, opset = 17): OnnxGraph {
  const b = new OnnxGraphBuilder();
  b.graph.opset = opset;
  const x = b.input('x', ['N', 4]);
  const w = b.constant(floatTensor([4, 3], Array.from({ length: 12 }, (_, i) => (i % 5) / 5 - 0.4)), 'w');
  const h = b.node('MatMul', [x, w]);
  const y = b.node(op, [h]);
  b.output(y, ['N', 3]);
  return b.graph;
}

describe('average-pool border convention', () => {
  it("'tfjs' reproduces tfjs-cpu's AvgPoolGrad at padded borders; 'exact' differs there", () => {
    const before = tf.memory().numTensors;
    const b = new OnnxGraphBuilder();
    const x = b.input('x', ['N', 2, 5, 5]);
    const pooled = b.node('AveragePool', [x], { kernel_shape: ints([3, 3]), strides: ints([1, 1]), auto_pad: { kind: 'string', value: 'SAME_UPPER' } });
    const w = b.constant(floatTensor([50, 3], Array.from({ length: 150 }, (_, i) => Math.sin(i * 0.7))), 'w');
    const y = b.node('MatMul', [b.node('Flatten', [pooled], { axis: int(1) }), w]);
    b.output(y, ['N', 3]);
    const xData = tiedImages(2, [2, 5, 5], 9);
    const labels = Float32Array.from([1, 0, 0, 0, 0, 1]);
    const run = (borders: 'exact' | 'tfjs') => {
      const session = new OrtSession(buildGradientGraph(b.graph, { loss: 'ce', targeted: false, outputKind: 'logits' }, { averagePoolBorders: borders }), { threads: 1 });
      const result = session.run({ x: { data: xData, dims: [2, 2, 5, 5] }, labels: { data: labels, dims: [2, 3] } });
      session.dispose();
      return result.gradient!.data as Float32Array;
    };
    const expected = tf.tidy(() => {
      const weights = tf.tensor2d(Array.from({ length: 150 }, (_, i) => Math.sin(i * 0.7)), [50, 3]);
      const loss = (input: tf.Tensor) => {
        const pooledTf = tf.avgPool(input.transpose([0, 2, 3, 1]) as tf.Tensor4D, 3, 1, 'same').transpose([0, 3, 1, 2]);
        return tf.losses.softmaxCrossEntropy(tf.tensor2d(labels, [2, 3]), pooledTf.reshape([2, 50]).matMul(weights), undefined, undefined, tf.Reduction.SUM);
      };
      return Float32Array.from(tf.grad(loss)(tf.tensor(xData, [2, 2, 5, 5])).dataSync());
    });
    const largest = (a: Float32Array) => expected.reduce((max, value, i) => Math.max(max, Math.abs(value - a[i]!)), 0);
    const scale = expected.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    expect(largest(run('tfjs')) / scale).toBeLessThan(1e-5);
    expect(largest(run('exact')) / scale).toBeGreaterThan(1e-2);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('refusals', () => {
  it('an op without a rule on the path is a typed error naming it', () => {
    const graph = withOp('Erf');
    expect(unsupportedGradientOps(graph)).toEqual(['Erf']);
    expect(() => buildGradientGraph(graph, { loss: 'ce', targeted: false, outputKind: 'logits' })).toThrow(UnsupportedOpsError);
    try {
      buildGradientGraph(graph, { loss: 'ce', targeted: false, outputKind: 'logits' });
    } catch (error) {
      expect((error as UnsupportedOpsError).ops).toEqual(['Erf']);
    }
  });

  it('ops off the differentiable path do not matter', () => {
    const graph = withOp('Relu');
    const b = new OnnxGraphBuilder(graph);
    b.node('Erf', [b.graph.initializers.keys().next().value!]);
    expect(unsupportedGradientOps(b.graph)).toEqual([]);
    expect(buildGradientGraph(b.graph, { loss: 'margin', targeted: false, outputKind: 'logits' }).outputs).toHaveLength(3);
  });

  it('several inputs, several outputs, a dynamic sample shape and opsets before 11 are refused', () => {
    const two = withOp('Relu');
    const twoInputs = { ...two, inputs: [...two.inputs, { name: 'y', type: 'float32' as const, shape: ['N', 4] }] };
    expect(() => buildGradientGraph(twoInputs, { loss: 'ce', targeted: false, outputKind: 'logits' })).toThrow(GradientGraphError);
    const twoOutputs = { ...two, outputs: [...two.outputs, two.outputs[0]!] };
    expect(() => buildGradientGraph(twoOutputs, { loss: 'ce', targeted: false, outputKind: 'logits' })).toThrow(GradientGraphError);
    const dynamic = { ...two, inputs: [{ name: 'x', type: 'float32' as const, shape: ['N', 'features'] }] };
    expect(() => buildGradientGraph(dynamic, { loss: 'ce', targeted: false, outputKind: 'logits' })).toThrow(/fixed/);
    expect(() => buildGradientGraph(withOp('Relu', 10), { loss: 'ce', targeted: false, outputKind: 'logits' })).toThrow(/opset 10/);
  });
});

describe('imported ONNX files', () => {
  /** An "exported" file: input "input.1", an output named "logits" with a symbolic width, opset 13, Constant nodes, Squeeze with axes input. */
  function exported(): { graph: OnnxGraph; weights: Float32Array } {
    const b = new OnnxGraphBuilder();
    b.graph.opset = 13;
    const x = b.input('input.1', ['batch', 2, 3, 3]);
    const weights = Float32Array.from({ length: 2 * 18 }, (_, i) => Math.sin(i + 1));
    const w = b.constant(floatTensor([2, 18], weights), 'fc.weight');
    const shape = b.node('Constant', [], { value: { kind: 'tensor', value: { type: 'int64', dims: [2], data: BigInt64Array.from([0n, -1n]) } } });
    const flat = b.node('Reshape', [b.node('Relu', [x]), shape]);
    const lifted = b.node('Unsqueeze', [flat, b.constant({ type: 'int64', dims: [1], data: BigInt64Array.from([2n]) }, 'axes')]);
    const squeezed = b.node('Squeeze', [lifted, b.constant({ type: 'int64', dims: [1], data: BigInt64Array.from([2n]) }, 'axes2')]);
    b.graph.nodes.push({ op: 'Gemm', name: 'fc', inputs: [squeezed, w], outputs: ['logits'], attributes: { transB: int(1) }, domain: '' });
    b.graph.outputs.push({ name: 'logits', type: 'float32', shape: ['batch', 'classes'] });
    return { graph: decodeModel(encodeModel(b.graph)), weights };
  }

  it('renames the input to x, keeps its own "logits" apart, reads symbolic widths by probing', () => {
    const { graph, weights } = exported();
    const gradientGraph = buildGradientGraph(graph, { loss: 'ce', targeted: false, outputKind: 'logits' });
    const session = new OrtSession(gradientGraph, { threads: 1 });
    const x = tiedImages(3, [2, 3, 3]).map((v) => v - 0.4);
    const labels = Float32Array.from([1, 0, 0, 1, 1, 0]);
    const result = session.run({ x: { data: x, dims: [3, 2, 3, 3] }, labels: { data: labels, dims: [3, 2] } });
    session.dispose();
    const expected = tf.tidy(() => {
      const w = tf.tensor2d(weights, [2, 18]);
      const f = (input: tf.Tensor) => tf.relu(input).reshape([3, 18]).matMul(w, false, true);
      const loss = (input: tf.Tensor) => tf.losses.softmaxCrossEntropy(tf.tensor2d(labels, [3, 2]), f(input), undefined, undefined, tf.Reduction.SUM);
      return { logits: Float32Array.from(f(tf.tensor(x, [3, 2, 3, 3])).dataSync()), gradient: Float32Array.from(tf.grad(loss)(tf.tensor(x, [3, 2, 3, 3])).dataSync()) };
    });
    const close = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(b).every((value, i) => Math.abs(value - a[i]!) < 1e-5);
    expect(close(result.logits!.data as Float32Array, expected.logits)).toBe(true);
    expect(close(result.gradient!.data as Float32Array, expected.gradient)).toBe(true);
    expect(result.gradient!.dims).toEqual([3, 2, 3, 3]);
  });

  it('buildLogitsGraph returns the converted logits and the raw output', () => {
    const model = new DualModel([1, 6, 6], 4).conv(2, [3, 3]).relu().flatten().dense(1).sigmoid();
    const graph = buildLogitsGraph(model.graph(), 'sigmoid');
    const session = new OrtSession(graph, { threads: 1 });
    const x = tiedImages(2, [1, 6, 6]);
    const result = session.run({ x: { data: x, dims: [2, 1, 6, 6] } });
    session.dispose();
    const raw = tf.tidy(() => Float32Array.from(model.forward(tf.tensor(x, [2, 1, 6, 6])).dataSync()));
    model.dispose();
    expect(result.raw!.dims).toEqual([2, 1]);
    expect(result.logits!.dims).toEqual([2, 2]);
    const logits = result.logits!.data as Float32Array;
    raw.forEach((p, row) => {
      expect(logits[row * 2]).toBe(0);
      expect(logits[row * 2 + 1]).toBeCloseTo(Math.log(p / (1 - p)), 4);
    });
  });

  it('opset 11 graphs (axes as attributes) get opset-11 gradient ops', () => {
    const b = new OnnxGraphBuilder();
    b.graph.opset = 11;
    const x = b.input('x', ['N', 6]);
    const w = b.constant(floatTensor([6, 4], Array.from({ length: 24 }, (_, i) => Math.cos(i))), 'w');
    const mean = b.node('ReduceMean', [x], { axes: ints([1]), keepdims: int(1) });
    const centred = b.node('Sub', [x, mean]);
    const y = b.node('Softmax', [b.node('MatMul', [centred, w])], { axis: int(1) });
    b.output(y, ['N', 4]);
    const graph = buildGradientGraph(b.graph, { loss: 'dlr', targeted: false, outputKind: 'probabilities' });
    expect(graph.opset).toBe(11);
    const session = new OrtSession(graph, { threads: 1 });
    const result = session.run({ x: { data: Float32Array.from({ length: 12 }, (_, i) => Math.sin(i)), dims: [2, 6] }, labels: { data: Float32Array.from([1, 0, 0, 0, 0, 0, 1, 0]), dims: [2, 4] } });
    session.dispose();
    expect(result.gradient!.dims).toEqual([2, 6]);
    expect(Array.from(result.gradient!.data as Float32Array).every(Number.isFinite)).toBe(true);
  });
});
