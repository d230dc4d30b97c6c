import { intAttr, type OnnxNode } from '../../onnx/ir.js';
import { reductionAxes, type GradContext } from '../context.js';
import { single, type VjpRule } from './rule.js';

/** dy of a reduction brought back to the input's rank (size-1 reduced axes), and the axes. */
function keptGradient(node: OnnxNode, dy: string, ctx: GradContext, axes: number[]): { kept: string; y: string } {
  const keep = intAttr(node, 'keepdims', 1) === 1;
  const sorted = [...axes].sort((a, b) => a - b);
  const y = node.outputs[0]!;
  return keep || sorted.length === 0 ? { kept: dy, y } : { kept: ctx.unsqueeze(dy, sorted), y: ctx.unsqueeze(y, sorted) };
}

/** Spreads a kept-dims gradient over the input's shape. */
function expand(ctx: GradContext, kept: string, x: string): string {
  return ctx.node('Expand', [kept, ctx.shapeOf(x)]);
}

/** Number of elements reduced over `axes` of `x` (axes never include the batch for a mean). */
function reducedCount(ctx: GradContext, x: string, axes: number[]): number {
  const dims = ctx.dims(x);
  return axes.reduce((product, axis) => product * dims[axis]!, 1);
}

/** ReduceSum: dy spread over the reduced axes. */
export const reduceSumRule: VjpRule = (node, dys, ctx) => {
  const x = node.inputs[0]!;
  const axes = reductionAxes(node, ctx, ctx.rank(x));
  const { kept } = keptGradient(node, single(dys), ctx, axes);
  return [expand(ctx, kept, x)];
};

/** ReduceMean: dy / count spread over the reduced axes (tfjs: ones·dy / count). */
export const reduceMeanRule: VjpRule = (node, dys, ctx) => {
  const x = node.inputs[0]!;
  const axes = reductionAxes(node, ctx, ctx.rank(x));
  const { kept } = keptGradient(node, single(dys), ctx, axes);
  return [ctx.div(expand(ctx, kept, x), ctx.scalar(reducedCount(ctx, x, axes)))];
};

/**
 * ReduceMax/ReduceMin: tfjs routes the gradient to every element equal to the result (all ties
 * get the full gradient). The mask is 1 + Sign(x − max) (x ≤ max everywhere), not Equal.
 */
export const reduceMaxRule: VjpRule = (node, dys, ctx) => {
  const x = node.inputs[0]!;
  const axes = reductionAxes(node, ctx, ctx.rank(x));
  const { kept, y } = keptGradient(node, single(dys), ctx, axes);
  const mask = node.op === 'ReduceMax' ? ctx.equalToMax(x, y) : ctx.equalToMax(ctx.neg(x), ctx.neg(y));
  return [ctx.mul(expand(ctx, kept, x), mask)];
};

/** GlobalAveragePool: dy / (spatial size) over every position. */
export const globalAveragePoolRule: VjpRule = (node, dys, ctx) => {
  const x = node.inputs[0]!;
  const axes = Array.from({ length: ctx.rank(x) - 2 }, (_, index) => index + 2);
  return [ctx.div(expand(ctx, single(dys), x), ctx.scalar(reducedCount(ctx, x, axes)))];
};

/** GlobalMaxPool: a max reduction over the spatial axes (tfjs `max` convention: every tie). */
export const globalMaxPoolRule: VjpRule = (node, dys, ctx) => {
  const x = node.inputs[0]!;
  return [ctx.mul(expand(ctx, single(dys), x), ctx.equalToMax(x, node.outputs[0]!))];
};
