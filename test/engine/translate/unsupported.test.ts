import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { translateGraphModel, translateLayersModel } from '../../../src/engine/translate/index.js';
import type { ConstValue } from '../../../src/engine/translate/values.js';
import { floatType, ints, shapeOf, text } from '../../fixtures/models/graph-model-fixture.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const placeholder = (shape: number[]) => ({ name: 'input', op: 'Placeholder', attr: { dtype: floatType, shape: { shape: shapeOf([-1, ...shape]) } } });
const constant = (name: string) => ({ name, op: 'Const', attr: {} });
const floatWeight = (shape: number[], fill = 0.5): ConstValue => ({ kind: 'const', dtype: 'float32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill) });
const intWeight = (values: number[], shape = [values.length]): ConstValue => ({ kind: 'const', dtype: 'int32', shape, data: Int32Array.from(values) });

describe('GraphDefs with ops that do not translate', () => {
  it('lists NonMaxSuppressionV5, TopKV2 and control flow, deduplicated and sorted, without throwing', () => {
    const nodes = [
      placeholder([4]),
      constant('k'), constant('kernel'), constant('iou'),
      { name: 'sorted', op: 'TopKV2', input: ['input', 'k'], attr: {} },
      { name: 'sorted2', op: 'TopKV2', input: ['sorted', 'k'], attr: {} },
      { name: 'nms', op: 'NonMaxSuppressionV5', input: ['sorted2', 'iou'], attr: {} },
      { name: 'switch', op: 'Switch', input: ['nms', 'iou'], attr: {} },
      { name: 'merge', op: 'Merge', input: ['switch', 'switch:1'], attr: {} },
      { name: 'dense', op: 'MatMul', input: ['merge', 'kernel'], attr: { T: floatType } },
    ];
    const weights = new Map([['k', intWeight([4], [])], ['kernel', floatWeight([4, 3])], ['iou', floatWeight([])]]);
    expect(translateGraphModel({ nodes, weights, inputName: 'input', outputName: 'dense' })).toEqual({
      ok: false, unsupported: ['Merge', 'NonMaxSuppressionV5', 'Switch', 'TopKV2'],
    });
  });

  it('lists the ops of a while loop (a cycle through NextIteration) instead of failing on the cycle', () => {
    const nodes = [
      placeholder([3]), constant('limit'),
      { name: 'enter', op: 'Enter', input: ['input'], attr: {} },
      { name: 'merge', op: 'Merge', input: ['enter', 'next'], attr: {} },
      { name: 'less', op: 'Less', input: ['merge', 'limit'], attr: {} },
      { name: 'cond', op: 'LoopCond', input: ['less'], attr: {} },
      { name: 'switch', op: 'Switch', input: ['merge', 'cond'], attr: {} },
      { name: 'body', op: 'Relu', input: ['switch:1'], attr: { T: floatType } },
      { name: 'next', op: 'NextIteration', input: ['body'], attr: {} },
      { name: 'exit', op: 'Exit', input: ['switch'], attr: {} },
    ];
    expect(translateGraphModel({ nodes, weights: new Map([['limit', floatWeight([])]]), inputName: 'input', outputName: 'exit' })).toEqual({
      ok: false, unsupported: ['Enter', 'Exit', 'Less', 'LoopCond', 'Merge', 'NextIteration', 'Switch'],
    });
  });

  it('ignores unsupported ops the chosen output does not depend on', () => {
    const nodes = [
      placeholder([4]), constant('kernel'), constant('k'),
      { name: 'dense', op: 'MatMul', input: ['input', 'kernel'], attr: { T: floatType } },
      { name: 'side', op: 'TopKV2', input: ['dense', 'k'], attr: {} },
    ];
    const weights = new Map([['kernel', floatWeight([4, 3])], ['k', intWeight([2], [])]]);
    const result = translateGraphModel({ nodes, weights, inputName: 'input', outputName: 'dense' });
    expect(result.ok).toBe(true);
  });

  it('names an unsupported form of a known op: NCHW convolution, a reshape that folds the batch, a second input', () => {
    const conv = [placeholder([4, 4, 2]), constant('filter'),
      { name: 'conv', op: 'Conv2D', input: ['input', 'filter'], attr: { T: floatType, strides: ints([1, 1, 1, 1]), padding: text('SAME'), data_format: text('NCHW') } }];
    expect(translateGraphModel({ nodes: conv, weights: new Map([['filter', floatWeight([1, 1, 2, 2])]]), inputName: 'input', outputName: 'conv' }))
      .toEqual({ ok: false, unsupported: ['Conv2D(NCHW) (only NHWC graphs are translated)'] });

    const fold = [placeholder([6]), constant('shape'), { name: 'r', op: 'Reshape', input: ['input', 'shape'], attr: { T: floatType } }];
    expect(translateGraphModel({ nodes: fold, weights: new Map([['shape', intWeight([1, -1])]]), inputName: 'input', outputName: 'r' }))
      .toEqual({ ok: false, unsupported: ['Reshape (target [1, -1] folds the batch axis)'] });

    const twoInputs = [placeholder([3]), { ...placeholder([3]), name: 'other' }, { name: 'sum', op: 'AddV2', input: ['input', 'other'], attr: { T: floatType } }];
    expect(translateGraphModel({ nodes: twoInputs, weights: new Map(), inputName: 'input', outputName: 'sum' }))
      .toEqual({ ok: false, unsupported: ['Placeholder (a second input, "other")'] });
  });

  it('throws a clear Error for a malformed graph', () => {
    const dangling = [placeholder([3]), { name: 'relu', op: 'Relu', input: ['missing'], attr: {} }];
    expect(() => translateGraphModel({ nodes: dangling, weights: new Map(), inputName: 'input', outputName: 'relu' })).toThrow(/"missing" is referenced but not defined/);
    const noWeight = [placeholder([3]), constant('kernel'), { name: 'dense', op: 'MatMul', input: ['input', 'kernel'], attr: {} }];
    expect(() => translateGraphModel({ nodes: noWeight, weights: new Map(), inputName: 'input', outputName: 'dense' })).toThrow(/Const node "kernel" has no decoded weight/);
    expect(() => translateGraphModel({ nodes: noWeight, weights: new Map(), inputName: 'input', outputName: 'nowhere' })).toThrow(/output "nowhere" names no node/);
  });
});

describe('LayersModels with layers that do not translate', () => {
  it('lists layer classes and in-layer activations', () => {
    const input = tf.input({ shape: [6, 6, 2] });
    const up = tf.layers.upSampling2d({ size: [2, 2] }).apply(input) as tf.SymbolicTensor;
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'softplus' }).apply(up) as tf.SymbolicTensor;
    const flat = tf.layers.flatten().apply(conv) as tf.SymbolicTensor;
    const dense = tf.layers.dense({ units: 3, activation: 'gelu' }).apply(flat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: dense });
    try {
      expect(translateLayersModel(model)).toEqual({ ok: false, unsupported: ['UpSampling2D', 'activation:gelu', 'activation:softplus'] });
    } finally {
      model.dispose();
    }
  });
});

describe('GraphDef inputs that are not float', () => {
  it('lists an integer Placeholder as unsupported', () => {
    const nodes = [{ name: 'input', op: 'Placeholder', attr: { dtype: { type: 'DT_INT32' }, shape: { shape: shapeOf([-1, 3]) } } }, { name: 'relu', op: 'Relu', input: ['input'], attr: {} }];
    expect(translateGraphModel({ nodes, weights: new Map(), inputName: 'input', outputName: 'relu' }))
      .toEqual({ ok: false, unsupported: ['Placeholder (input of type DT_INT32; attacks perturb float inputs)'] });
  });
});
