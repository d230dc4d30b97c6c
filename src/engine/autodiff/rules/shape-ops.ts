import { intAttr, intsAttr, stringAttr } from '../../onnx/ir.js';
import type { GradContext } from '../context.js';
import { UnsupportedOpsError } from '../spec.js';
import { single, type VjpRule } from './rule.js';

/** Reshape, Flatten, Squeeze, Unsqueeze: the gradient is dy reshaped to the input's shape. */
export const reshapeLikeInputRule: VjpRule = (node, dys, ctx) => {
  const grads: Array<string | undefined> = node.inputs.map(() => undefined);
  grads[0] = ctx.reshapeLike(single(dys), node.inputs[0]!);
  return grads;
};

/** Expand: dy summed over the broadcast axes. */
export const expandRule: VjpRule = (node, dys, ctx) => [ctx.sumToShape(single(dys), node.inputs[0]!, node.outputs[0]!), undefined];

/** Transpose: dy transposed by the inverse permutation. */
export const transposeRule: VjpRule = (node, dys, ctx) => {
  const rank = ctx.rank(node.inputs[0]!);
  const perm = intsAttr(node, 'perm') ?? Array.from({ length: rank }, (_, axis) => rank - 1 - axis);
  const inverse = new Array<number>(rank);
  perm.forEach((axis, index) => { inverse[axis] = index; });
  return [ctx.node('Transpose', [single(dys)], { perm: { kind: 'ints', value: inverse } })];
};

/** Refuses an axis whose size follows the batch (a slice or concat along it has no static offsets). */
function staticAxis(ctx: GradContext, op: string, name: string, axis: number): void {
  if (ctx.probed(name).batchAxes[axis]) throw new UnsupportedOpsError([op], 'along the batch axis');
}

/** Concat: each input's gradient is its slice of dy along the axis. */
export const concatRule: VjpRule = (node, dys, ctx) => {
  const dy = single(dys);
  const y = node.outputs[0]!;
  const rank = ctx.rank(y);
  const raw = intAttr(node, 'axis', 0);
  const axis = raw < 0 ? raw + rank : raw;
  staticAxis(ctx, 'Concat', y, axis);
  let offset = 0;
  return node.inputs.map((input) => {
    const size = ctx.dims(input)[axis]!;
    const start = offset;
    offset += size;
    return ctx.isActive(input) ? ctx.slice(dy, [start], [start + size], [axis]) : undefined;
  });
};

/** Split: the output gradients concatenated (zeros for outputs no gradient flows into). */
export const splitRule: VjpRule = (node, dys, ctx) => {
  const x = node.inputs[0]!;
  const rank = ctx.rank(x);
  const raw = intAttr(node, 'axis', 0);
  const axis = raw < 0 ? raw + rank : raw;
  staticAxis(ctx, 'Split', x, axis);
  const parts = node.outputs.map((output, index) => dys[index] ?? ctx.zerosLike(output));
  const grads: Array<string | undefined> = node.inputs.map(() => undefined);
  grads[0] = ctx.node('Concat', parts, { axis: { kind: 'int', value: axis } });
  return grads;
};

/** Pad (constant mode): dy cropped by the same pads (Pad with negated pads). */
export const padRule: VjpRule = (node, dys, ctx) => {
  const x = node.inputs[0]!;
  const rank = ctx.rank(x);
  if (stringAttr(node, 'mode', 'constant') !== 'constant') throw new UnsupportedOpsError(['Pad'], `mode "${stringAttr(node, 'mode', '')}"`);
  const listed = ctx.constantInts(node.inputs[1]!, 'Pad', 'pads');
  let pads = listed;
  const axesName = node.inputs[3];
  if (axesName) {
    // Opset 18: pads cover only the listed axes.
    const axes = ctx.constantInts(axesName, 'Pad', 'axes').map((axis) => (axis < 0 ? axis + rank : axis));
    pads = new Array<number>(2 * rank).fill(0);
    axes.forEach((axis, index) => {
      pads[axis] = listed[index]!;
      pads[axis + rank] = listed[index + axes.length]!;
    });
  }
  const grads: Array<string | undefined> = node.inputs.map(() => undefined);
  grads[0] = ctx.pad(single(dys), pads.map((pad) => -pad));
  return grads;
};

/** Slice with constant starts/ends/axes and unit steps: dy padded back with zeros. */
export const sliceRule: VjpRule = (node, dys, ctx) => {
  const x = node.inputs[0]!;
  const dims = ctx.dims(x);
  const rank = dims.length;
  const read = (index: number, attribute: string): number[] | undefined => {
    const name = node.inputs[index];
    return name ? ctx.constantInts(name, 'Slice', attribute) : undefined;
  };
  const starts = read(1, 'starts') ?? [];
  const ends = read(2, 'ends') ?? [];
  const axes = (read(3, 'axes') ?? starts.map((_, index) => index)).map((axis) => (axis < 0 ? axis + rank : axis));
  const steps = read(4, 'steps') ?? starts.map(() => 1);
  if (steps.some((step) => step !== 1)) throw new UnsupportedOpsError(['Slice'], 'steps other than 1');
  const pads = new Array<number>(2 * rank).fill(0);
  axes.forEach((axis, index) => {
    staticAxis(ctx, 'Slice', x, axis);
    const size = dims[axis]!;
    const clamp = (value: number) => Math.min(size, Math.max(0, value < 0 ? value + size : value));
    const start = clamp(starts[index]!);
    const end = Math.max(start, clamp(ends[index]!));
    pads[axis] = start;
    pads[axis + rank] = size - end;
  });
  const grads: Array<string | undefined> = node.inputs.map(() => undefined);
  grads[0] = ctx.pad(single(dys), pads);
  return grads;
};
