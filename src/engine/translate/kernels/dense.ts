import { int } from '../../onnx/ir.js';
import type { Emitter } from '../emitter.js';
import { transposeConst } from '../host-ops.js';
import { floats, UnsupportedForm, type ConstValue, type DynValue } from '../values.js';
import { emitActivation, type Activation } from './activation.js';

/** A dense layer / TF MatMul with a constant kernel `[in, out]`, optional bias and activation. */
export interface DenseSpec {
  kernel: ConstValue;
  /** The kernel is stored `[out, in]` (TF `transpose_b`). */
  transposed?: boolean;
  bias?: Float32Array;
  activation?: Activation;
  label: string;
}

/**
 * Emits `x·W + b` on the last logical axis: one Gemm for rank-2 inputs (the usual dense head),
 * MatMul + Add for higher ranks (Keras Dense applies to the last axis).
 */
export function emitDense(em: Emitter, input: DynValue, spec: DenseSpec): DynValue {
  if (spec.kernel.shape.length !== 2) throw new UnsupportedForm(spec.label, `kernel of rank ${spec.kernel.shape.length}`);
  const kernel = spec.transposed ? transposeConst(spec.kernel, [1, 0]) : spec.kernel;
  const [inputs, units] = kernel.shape as [number, number];
  const x = em.toPlain(input);
  if (x.shape.at(-1) !== inputs) throw new Error(`${spec.label}: kernel takes ${inputs} features, input has ${x.shape.at(-1)}`);
  const bias = spec.bias ?? new Float32Array(units);
  if (bias.length !== units) throw new Error(`${spec.label}: bias of ${bias.length} for ${units} units`);
  const shape = [...x.shape.slice(0, -1), units];
  const perm = shape.map((_, axis) => axis);
  const weights = em.floatInit([inputs, units], floats(kernel), 'W');
  let out: DynValue;
  if (x.shape.length === 2) {
    out = { kind: 'dyn', name: em.builder.node('Gemm', [x.name, weights, em.floatInit([units], bias, 'B')], { transA: int(0), transB: int(0) }, 'gemm'), shape, perm };
  } else {
    const product = em.builder.node('MatMul', [x.name, weights], {}, 'matmul');
    const name = spec.bias ? em.builder.node('Add', [product, em.floatInit([units], bias, 'B')], {}, 'bias') : product;
    out = { kind: 'dyn', name, shape, perm };
  }
  return spec.activation ? emitActivation(em, out, spec.activation) : out;
}

