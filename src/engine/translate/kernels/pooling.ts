import { int, ints } from '../../onnx/ir.js';
import type { Emitter } from '../emitter.js';
import { nchw, normAxis, UnsupportedForm, type DynValue } from '../values.js';
import { spatialPadding, type PaddingSpec } from './padding.js';

/** A TF MaxPool/AvgPool window. */
export interface PoolSpec {
  kind: 'max' | 'avg';
  kernel: [number, number];
  strides: [number, number];
  padding: PaddingSpec;
  label: string;
}

/**
 * Emits ONNX MaxPool/AveragePool (NCHW) with TF's padding written out. ONNX MaxPool ignores
 * padded cells (TF pads with −∞) and AveragePool with `count_include_pad = 0` divides by the
 * cells inside the input, as TF's SAME average pool does.
 */
export function emitPool(em: Emitter, input: DynValue, spec: PoolSpec): DynValue {
  if (input.shape.length !== 4) throw new UnsupportedForm(spec.label, `input of rank ${input.shape.length}`);
  const x = em.toPerm(input, nchw);
  const [, h, w, c] = x.shape as [number, number, number, number];
  const { pads, out } = spatialPadding([h, w], spec.kernel, spec.strides, [1, 1], spec.padding);
  const attributes = { kernel_shape: ints(spec.kernel), strides: ints(spec.strides), pads: ints(pads) };
  const name = spec.kind === 'max'
    ? em.builder.node('MaxPool', [x.name], attributes, 'maxpool')
    : em.builder.node('AveragePool', [x.name], { ...attributes, count_include_pad: int(0) }, 'avgpool');
  return { kind: 'dyn', name, shape: [-1, out[0], out[1], c], perm: [...nchw] };
}

const reduceOps = { mean: 'ReduceMean', max: 'ReduceMax', min: 'ReduceMin' } as const;

/**
 * Mean, max, min or sum over logical axes (TF Mean/Max/Min/Sum, Keras global pooling) as ONNX reductions on
 * the matching physical axes; without keep_dims the remaining axes keep their physical order.
 */
export function emitReduce(em: Emitter, x: DynValue, kind: 'mean' | 'max' | 'min' | 'sum', axesIn: readonly number[], keepDims: boolean, label: string): DynValue {
  const rank = x.shape.length;
  const axes = [...new Set(axesIn.map((axis) => normAxis(axis, rank)))].sort((a, b) => a - b);
  if (axes.includes(0)) throw new UnsupportedForm(label, 'reduction over the batch axis');
  if (axes.length === 0) return x;
  const physical = axes.map((axis) => x.perm.indexOf(axis)).sort((a, b) => a - b);
  const keepdims = int(keepDims ? 1 : 0);
  // At opset 13+ ReduceSum takes its axes as an input; the others keep the attribute until opset 18.
  const name = kind === 'sum'
    ? em.builder.node('ReduceSum', [x.name, em.int64Init(physical, 'axes')], { keepdims }, 'reduce_sum')
    : em.builder.node(reduceOps[kind], [x.name], { axes: ints(physical), keepdims }, `reduce_${kind}`);
  if (keepDims) return { kind: 'dyn', name, shape: x.shape.map((dim, axis) => (axes.includes(axis) ? 1 : dim)), perm: [...x.perm] };
  const kept = x.shape.map((_, axis) => axis).filter((axis) => !axes.includes(axis));
  const perm = x.perm.filter((axis) => !axes.includes(axis)).map((axis) => kept.indexOf(axis));
  return { kind: 'dyn', name, shape: kept.map((axis) => x.shape[axis]!), perm };
}
