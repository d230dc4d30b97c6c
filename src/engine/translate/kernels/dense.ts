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
  const flattenedFrom = em.flattened.get(input.name);
  const x = flattenedFrom ? physicalFlatten(em, flattenedFrom) : em.toPlain(input);
  if (x.shape.at(-1) !== inputs) throw new Error(`${spec.label}: kernel takes ${inputs} features, input has ${x.shape.at(-1)}`);
  const bias = spec.bias ?? new Float32Array(units);
  if (bias.length !== units) throw new Error(`${spec.label}: bias of ${bias.length} for ${units} units`);
  const shape = [...x.shape.slice(0, -1), units];
  const perm = shape.map((_, axis) => axis);
  const rows = flattenedFrom ? permuteRows(floats(kernel), units, physicalFeatureOrder(flattenedFrom)) : floats(kernel);
  const weights = em.floatInit([inputs, units], rows, 'W');
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


/** `[N, features]` flattened from the value's physical layout (no Transpose); feature order given by {@link physicalFeatureOrder}. */
function physicalFlatten(em: Emitter, source: DynValue): DynValue {
  const features = source.shape.slice(1).reduce((a, b) => a * b, 1);
  return em.reshape(source, [-1, features], [0, 1]);
}

/** For each physically flattened feature, its index in the logical (tfjs) flattening order. */
function physicalFeatureOrder(source: DynValue): Int32Array {
  const rank = source.shape.length;
  const physical = source.perm.slice(1).map((axis) => source.shape[axis]!);
  const logicalStrides = new Array<number>(rank).fill(1);
  for (let axis = rank - 2; axis >= 1; axis--) logicalStrides[axis] = logicalStrides[axis + 1]! * source.shape[axis + 1]!;
  const order = new Int32Array(physical.reduce((a, b) => a * b, 1));
  const index = new Array<number>(physical.length).fill(0);
  for (let flat = 0; flat < order.length; flat++) {
    let logical = 0;
    for (let p = 0; p < physical.length; p++) logical += index[p]! * logicalStrides[source.perm[p + 1]!]!;
    order[flat] = logical;
    for (let p = physical.length - 1; p >= 0; p--) {
      if (++index[p]! < physical[p]!) break;
      index[p] = 0;
    }
  }
  return order;
}

/** Kernel rows reordered: row j of the result is row `order[j]` of `kernel` (`[in, units]`). */
function permuteRows(kernel: Float32Array, units: number, order: Int32Array): Float32Array {
  const out = new Float32Array(kernel.length);
  order.forEach((source, row) => out.set(kernel.subarray(source * units, (source + 1) * units), row * units));
  return out;
}
