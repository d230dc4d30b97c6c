import { float, floatAttr, intAttr, type OnnxNode } from '../../onnx/ir.js';
import type { GradContext } from '../context.js';
import { UnsupportedOpsError } from '../spec.js';
import { single, type VjpRule } from './rule.js';

/**
 * `pass + (1 − pass)·other`: exactly 1 where `pass` is 1 and exactly `other` where it is 0
 * (a select without Where, which ONNX Runtime runs on one thread).
 */
function select(ctx: GradContext, pass: string, other: string): string {
  return ctx.add(pass, ctx.mul(ctx.sub(ctx.scalar(1), pass), other));
}

/** ReLU: dy where x > 0 (tfjs); Sign of the output is that mask, without reading x again. */
export const reluRule: VjpRule = (node, dys, ctx) => [ctx.mul(single(dys), ctx.node('Sign', [node.outputs[0]!]))];

/** A Clip bound (an optional input from opset 11). */
function clipBound(node: OnnxNode, ctx: GradContext, index: 1 | 2): { name: string; value?: number } | undefined {
  const name = node.inputs[index];
  if (!name) return undefined;
  if (ctx.isActive(name)) throw new UnsupportedOpsError(['Clip'], 'bounds computed from the input');
  const values = ctx.constantFloats(name);
  return { name, value: values?.length === 1 ? values[0] : undefined };
}

/**
 * Clip: tfjs clipByValue passes the gradient where min ≤ x ≤ max. A lower bound of exactly 0 is
 * a ReLU6 (what tfjs `relu6` translates to), whose gradient tfjs masks with x > 0, so that bound
 * is strict.
 */
export const clipRule: VjpRule = (node, dys, ctx) => {
  const x = node.inputs[0]!;
  const low = clipBound(node, ctx, 1);
  const high = clipBound(node, ctx, 2);
  const masks: string[] = [];
  if (low) masks.push(low.value === 0 ? ctx.positive(x) : ctx.nonNegative(ctx.sub(x, low.name)));
  if (high) masks.push(ctx.nonNegative(ctx.sub(high.name, x)));
  let grad = single(dys);
  for (const mask of masks) grad = ctx.mul(grad, mask);
  return [grad];
};

/** LeakyRelu: dy where x > 0, α·dy elsewhere (tfjs). */
export const leakyReluRule: VjpRule = (node, dys, ctx) => {
  const alpha = floatAttr(node, 'alpha', 0.01);
  return [ctx.mul(single(dys), select(ctx, ctx.positive(node.inputs[0]!), ctx.scalar(alpha)))];
};

/** PRelu: dy where x > 0, slope·dy elsewhere; the slope is not differentiated. */
export const preluRule: VjpRule = (node, dys, ctx) => {
  const [x, slope] = node.inputs as [string, string];
  if (ctx.isActive(slope)) throw new UnsupportedOpsError(['PRelu'], 'slope computed from the input');
  return [ctx.mul(single(dys), select(ctx, ctx.positive(x), slope)), undefined];
};

/** Elu: dy where y ≥ 0, dy·(y + α) elsewhere (tfjs EluGrad reads the output; α·eˣ = y + α). */
export const eluRule: VjpRule = (node, dys, ctx) => {
  const y = node.outputs[0]!;
  const alpha = floatAttr(node, 'alpha', 1);
  return [ctx.mul(single(dys), select(ctx, ctx.nonNegative(y), ctx.add(y, ctx.scalar(alpha))))];
};

/** Sigmoid: dy·y·(1 − y). */
export const sigmoidRule: VjpRule = (node, dys, ctx) => {
  const y = node.outputs[0]!;
  return [ctx.mul(single(dys), ctx.mul(y, ctx.sub(ctx.scalar(1), y)))];
};

/** Tanh: dy·(1 − y²). */
export const tanhRule: VjpRule = (node, dys, ctx) => {
  const y = node.outputs[0]!;
  return [ctx.mul(ctx.sub(ctx.scalar(1), ctx.mul(y, y)), single(dys))];
};

/** Softplus: dy·σ(x). */
export const softplusRule: VjpRule = (node, dys, ctx) => [ctx.mul(single(dys), ctx.node('Sigmoid', [node.inputs[0]!]))];

/** Mask of 0 ≤ αx + β ≤ 1 (inclusive, as Keras' hard sigmoid written with clipByValue), times α. */
function hardSigmoidSlope(ctx: GradContext, x: string, alpha: number, beta: number): string {
  const v = ctx.add(ctx.mul(x, ctx.scalar(alpha)), ctx.scalar(beta));
  return ctx.mul(ctx.mul(ctx.nonNegative(v), ctx.nonNegative(ctx.sub(ctx.scalar(1), v))), ctx.scalar(alpha));
}

/** HardSigmoid max(0, min(1, αx + β)): α·dy inside the linear range. */
export const hardSigmoidRule: VjpRule = (node, dys, ctx) => {
  const slope = hardSigmoidSlope(ctx, node.inputs[0]!, floatAttr(node, 'alpha', 0.2), floatAttr(node, 'beta', 0.5));
  return [ctx.mul(single(dys), slope)];
};

/** HardSwish x·hsig(x) (α = 1/6, β = 0.5): dy·(hsig(x) + x·hsig'(x)). */
export const hardSwishRule: VjpRule = (node, dys, ctx) => {
  const x = node.inputs[0]!;
  const alpha = 1 / 6;
  const hsig = ctx.node('HardSigmoid', [x], { alpha: float(alpha), beta: float(0.5) });
  return [ctx.mul(single(dys), ctx.add(hsig, ctx.mul(x, hardSigmoidSlope(ctx, x, alpha, 0.5))))];
};

/** The softmax axis, normalised; before opset 13 only the last axis (where the 2-D coercion changes nothing). */
function softmaxAxis(node: OnnxNode, ctx: GradContext): number {
  const rank = ctx.rank(node.inputs[0]!);
  const raw = intAttr(node, 'axis', ctx.opset >= 13 ? -1 : 1);
  const axis = raw < 0 ? raw + rank : raw;
  if (ctx.opset < 13 && axis !== rank - 1) throw new UnsupportedOpsError([node.op], `axis ${raw} before opset 13 (flattening semantics)`);
  return axis;
}

/** Softmax: dy·y − Σ(dy·y)·y over the axis (tfjs). */
export const softmaxRule: VjpRule = (node, dys, ctx) => {
  const y = node.outputs[0]!;
  const dyy = ctx.mul(single(dys), y);
  return [ctx.sub(dyy, ctx.mul(ctx.reduceSum(dyy, [softmaxAxis(node, ctx)], true), y))];
};

/** LogSoftmax: dy − Σdy·exp(y) over the axis (tfjs). */
export const logSoftmaxRule: VjpRule = (node, dys, ctx) => {
  const dy = single(dys);
  const softmax = ctx.node('Exp', [node.outputs[0]!]);
  return [ctx.sub(dy, ctx.mul(ctx.reduceSum(dy, [softmaxAxis(node, ctx)], true), softmax))];
};
