import { concatConst, gatherConst, packConst, reshapeConst, shapeConst, transposeConst } from '../host-ops.js';
import { emitConcat, emitExpandDims, emitPad, emitReshape, emitSlice, emitSqueeze, emitTranspose } from '../kernels/shape.js';
import { resolveStridedSlice } from '../kernels/strided-slice.js';
import { floats, integers, normAxis, sizeOf, UnsupportedForm, type ConstValue, type DynValue, type Value } from '../values.js';
import { attrInt, attrInts } from './attrs.js';
import { constInput, type OpContext, type OpTranslator } from './op-context.js';

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

/** Takes `[start, start + size)` of `axis` from a constant or graph value. */
function takeRange(ctx: OpContext, x: Value, axis: number, start: number, size: number, label: string): Value {
  if (x.kind === 'const') {
    const indices = x.shape.map((dim, index) => Array.from({ length: index === axis ? size : dim }, (_, k) => (index === axis ? start + k : k)));
    return gatherConst(x, indices);
  }
  const slices = x.shape.map((_, index) => (index === axis ? { start, end: start + size, step: 1 } : undefined));
  return emitSlice(ctx.em, x, slices, undefined, label);
}

/** TF Slice: `begin` and `size` per axis (−1: to the end). */
const sliceOp: OpTranslator = (ctx) => {
  const x = ctx.inputs[0]!;
  const begin = integers(constInput(ctx, 1, 'begin'));
  const size = integers(constInput(ctx, 2, 'size'));
  const slices = x.shape.map((dim, axis) => {
    const start = begin[axis]!;
    const end = size[axis] === -1 ? dim : start + size[axis]!;
    return { start, end, step: 1 };
  });
  if (x.kind === 'const') return gatherConst(x, slices.map(({ start, end }) => Array.from({ length: end - start }, (_, k) => start + k)));
  if (begin[0] !== 0 || size[0] !== -1) throw new UnsupportedForm('Slice', 'slicing the batch axis');
  return emitSlice(ctx.em, x, slices.map((slice, axis) => (axis === 0 ? undefined : slice)), undefined, 'Slice');
};

/** Split into `num_split` equal parts along an axis (the axis is the first input). */
const split: OpTranslator = (ctx) => {
  const [axisIn] = integers(constInput(ctx, 0, 'axis'));
  const x = ctx.inputs[1]!;
  const axis = normAxis(axisIn!, x.shape.length);
  const parts = attrInt(ctx.node, 'num_split', 1);
  const size = x.shape[axis]! / parts;
  if (!Number.isInteger(size) || size <= 0) throw new UnsupportedForm('Split', `axis ${axis} of size ${x.shape[axis]} into ${parts} parts`);
  return Array.from({ length: parts }, (_, part) => takeRange(ctx, x, axis, part * size, size, 'Split'));
};

/** SplitV: parts of the given sizes (one may be −1) along an axis. */
const splitV: OpTranslator = (ctx) => {
  const x = ctx.inputs[0]!;
  const [axisIn] = integers(constInput(ctx, 2, 'axis'));
  const axis = normAxis(axisIn!, x.shape.length);
  const sizes = integers(constInput(ctx, 1, 'size_splits'));
  const known = sizes.filter((size) => size !== -1).reduce((a, b) => a + b, 0);
  const resolved = sizes.map((size) => (size === -1 ? x.shape[axis]! - known : size));
  let start = 0;
  return resolved.map((size) => {
    const part = takeRange(ctx, x, axis, start, size, 'SplitV');
    start += size;
    return part;
  });
};

/** Unpack (unstack): one value per index of an axis, that axis removed. */
const unpack: OpTranslator = (ctx) => {
  const x = ctx.inputs[0]!;
  const axis = normAxis(attrInt(ctx.node, 'axis', 0), x.shape.length);
  if (axis === 0 && x.kind === 'dyn') throw new UnsupportedForm('Unpack', 'unstacking the batch axis');
  const shape = x.shape.filter((_, index) => index !== axis);
  return Array.from({ length: x.shape[axis]! }, (_, index) => {
    const part = takeRange(ctx, x, axis, index, 1, 'Unpack');
    return part.kind === 'const' ? { ...part, shape } : emitSqueeze(ctx.em, part, [axis], 'Unpack');
  });
};

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
  Slice: sliceOp,
  Split: split,
  SplitV: splitV,
  Unpack: unpack,
};
