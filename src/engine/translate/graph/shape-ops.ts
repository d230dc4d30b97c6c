import { concatConst, gatherConst, packConst, reshapeConst, shapeConst, transposeConst } from '../host-ops.js';
import { emitConcat, emitExpandDims, emitPad, emitReshape, emitSlice, emitSqueeze, emitTranspose } from '../kernels/shape.js';
import { resolveStridedSlice } from '../kernels/strided-slice.js';
import { floats, integers, normAxis, sizeOf, UnsupportedForm, type ConstValue, type DynValue, type Value } from '../values.js';
import { attrInt, attrInts } from './attrs.js';
import { constInput, type OpTranslator } from './op-context.js';

/** Reshape: constant targets only; a Shape→StridedSlice→Pack chain has already folded to one (batch as −1). */
const reshape: OpTranslator = (ctx) => {
  const x = ctx.inputs[0]!;
  const target = integers(constInput(ctx, 1, 'shape'));
  if (x.kind === 'const') return reshapeConst(x, target);
  return emitReshape(ctx.em, x, target, 'Reshape');
};

const squeeze: OpTranslator = (ctx) => {
  const x = ctx.inputs[0]!;
  const axes = attrInts(ctx.node, 'squeeze_dims', attrInts(ctx.node, 'axis', []));
  if (x.kind === 'dyn') return emitSqueeze(ctx.em, x, axes, 'Squeeze');
  const drop = axes.length > 0 ? axes.map((axis) => normAxis(axis, x.shape.length)) : x.shape.flatMap((dim, axis) => (dim === 1 ? [axis] : []));
  return { ...x, shape: x.shape.filter((_, axis) => !drop.includes(axis)) };
};

const expandDims: OpTranslator = (ctx) => {
  const x = ctx.inputs[0]!;
  const [axis] = integers(constInput(ctx, 1, 'axis'));
  if (x.kind === 'dyn') return emitExpandDims(ctx.em, x, axis!, 'ExpandDims');
  const at = normAxis(axis!, x.shape.length + 1);
  return { ...x, shape: [...x.shape.slice(0, at), 1, ...x.shape.slice(at)] };
};

const transpose: OpTranslator = (ctx) => {
  const x = ctx.inputs[0]!;
  const perm = integers(constInput(ctx, 1, 'perm'));
  return x.kind === 'const' ? transposeConst(x, perm) : emitTranspose(x, perm, 'Transpose');
};

/** ConcatV2 (axis last) and Concat (axis first). */
function concat(axisFirst: boolean): OpTranslator {
  return (ctx) => {
    const count = attrInt(ctx.node, 'N', ctx.inputs.length - 1);
    const axisIndex = axisFirst ? 0 : count;
    const parts = ctx.inputs.filter((_, index) => index !== axisIndex).slice(0, count);
    const [axis] = integers(constInput(ctx, axisIndex, 'axis'));
    if (parts.every((part) => part.kind === 'const')) {
      const constants = parts as ConstValue[];
      return concatConst(constants, normAxis(axis!, constants[0]!.shape.length));
    }
    if (parts.some((part) => part.kind === 'const')) throw new UnsupportedForm(`${ctx.node.op}(input+constant)`, 'a constant joined to input-dependent values');
    return emitConcat(ctx.em, parts as DynValue[], axis!, ctx.node.op);
  };
}

const pack: OpTranslator = (ctx) => {
  if (ctx.inputs.some((input) => input.kind !== 'const')) throw new UnsupportedForm('Pack(input)', 'stacking input-dependent values');
  const parts = ctx.inputs as ConstValue[];
  return packConst(parts, normAxis(attrInt(ctx.node, 'axis', 0), parts[0]!.shape.length + 1));
};

/** Shape of a graph value is static but for the batch, which reads −1 so a Reshape target built from it keeps the batch. */
const shape: OpTranslator = (ctx) => shapeConst(ctx.inputs[0]!.shape);

const stridedSlice: OpTranslator = (ctx) => {
  const x = ctx.inputs[0]!;
  const masks = {
    begin: attrInt(ctx.node, 'begin_mask', 0), end: attrInt(ctx.node, 'end_mask', 0), ellipsis: attrInt(ctx.node, 'ellipsis_mask', 0),
    newAxis: attrInt(ctx.node, 'new_axis_mask', 0), shrink: attrInt(ctx.node, 'shrink_axis_mask', 0),
  };
  const resolved = resolveStridedSlice(x.shape, constInput(ctx, 1, 'begin'), constInput(ctx, 2, 'end'), constInput(ctx, 3, 'strides'), masks, 'StridedSlice');
  if (x.kind === 'const') return { ...gatherConst(x, resolved.indices), shape: resolved.outputShape };
  return emitSlice(ctx.em, x, resolved.slices, resolved.outputShape, 'StridedSlice');
};

function pad(withValue: boolean): OpTranslator {
  return (ctx) => {
    const x = ctx.inputs[0]!;
    if (x.kind !== 'dyn') throw new UnsupportedForm(`${ctx.node.op}(constant)`, 'padding a constant');
    const flat = integers(constInput(ctx, 1, 'paddings'));
    const paddings = x.shape.map((_, axis) => [flat[axis * 2]!, flat[axis * 2 + 1]!] as const);
    const value = withValue ? floats(constInput(ctx, 2, 'constant_values'))[0]! : 0;
    return emitPad(ctx.em, x, paddings, value, ctx.node.op);
  };
}

/** Fill of a constant shape (folded). */
const fill: OpTranslator = (ctx) => {
  const dims = integers(constInput(ctx, 0, 'dims'));
  const value = constInput(ctx, 1, 'value');
  const count = sizeOf(dims);
  const data = value.dtype === 'float32' ? new Float32Array(count).fill(value.data[0]!) : new Int32Array(count).fill(value.data[0]!);
  return { kind: 'const', dtype: value.dtype, shape: dims, data } satisfies Value;
};

/** Shape-manipulation GraphDef ops. */
export const shapeOps: Record<string, OpTranslator> = {
  Reshape: reshape,
  Squeeze: squeeze,
  ExpandDims: expandDims,
  Transpose: transpose,
  ConcatV2: concat(false),
  Concat: concat(true),
  Pack: pack,
  Shape: shape,
  StridedSlice: stridedSlice,
  Pad: pad(false),
  PadV2: pad(true),
  Fill: fill,
};
