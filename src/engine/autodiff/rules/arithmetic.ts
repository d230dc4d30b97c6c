import type { GradContext } from '../context.js';
import { UnsupportedOpsError } from '../spec.js';
import { onlyActive, single, type VjpRule } from './rule.js';

/**
 * Binary arithmetic with numpy broadcasting: each operand's gradient is summed over the axes it
 * was broadcast along (ReduceSum, then reshaped to the operand's shape).
 */
function binary(node: Parameters<VjpRule>[0], dys: Parameters<VjpRule>[1], ctx: GradContext,
  gradA: (dy: string, a: string, b: string) => string, gradB: (dy: string, a: string, b: string) => string): Array<string | undefined> {
  if (node.inputs.length !== 2) throw new UnsupportedOpsError([node.op], `${node.inputs.length} inputs`);
  const dy = single(dys);
  const [a, b] = node.inputs as [string, string];
  const y = node.outputs[0]!;
  return onlyActive(node, ctx, [
    () => ctx.sumToShape(gradA(dy, a, b), a, y),
    () => ctx.sumToShape(gradB(dy, a, b), b, y),
  ]);
}

/** a + b: dy to both. */
export const addRule: VjpRule = (node, dys, ctx) => binary(node, dys, ctx, (dy) => dy, (dy) => dy);

/** a − b: dy and −dy. */
export const subRule: VjpRule = (node, dys, ctx) => binary(node, dys, ctx, (dy) => dy, (dy) => ctx.neg(dy));

/** a·b: dy·b and dy·a. */
export const mulRule: VjpRule = (node, dys, ctx) => binary(node, dys, ctx, (dy, _a, b) => ctx.mul(dy, b), (dy, a) => ctx.mul(dy, a));

/** a/b: ∂a = dy/b, ∂b = −dy·a/b² (as tfjs writes it). */
export const divRule: VjpRule = (node, dys, ctx) => binary(node, dys, ctx,
  (dy, _a, b) => ctx.div(dy, b),
  (dy, a, b) => ctx.neg(ctx.div(ctx.mul(dy, a), ctx.mul(b, b))));

/** Elementwise Max of two inputs, tfjs convention: a gets the gradient where a ≥ b, b where a < b. */
export const maxRule: VjpRule = (node, dys, ctx) => {
  if (node.inputs.length === 1) return [single(dys)];
  return binary(node, dys, ctx,
    (dy, a, b) => ctx.mul(dy, ctx.nonNegative(ctx.sub(a, b))),
    (dy, a, b) => ctx.mul(dy, ctx.positive(ctx.sub(b, a))));
};

/** Elementwise Min of two inputs, tfjs convention: a gets the gradient where a ≤ b, b where a > b. */
export const minRule: VjpRule = (node, dys, ctx) => {
  if (node.inputs.length === 1) return [single(dys)];
  return binary(node, dys, ctx,
    (dy, a, b) => ctx.mul(dy, ctx.nonNegative(ctx.sub(b, a))),
    (dy, a, b) => ctx.mul(dy, ctx.positive(ctx.sub(a, b))));
};

/** Variadic Sum: every operand receives dy (summed over its broadcast axes). */
export const sumRule: VjpRule = (node, dys, ctx) => {
  const dy = single(dys);
  return onlyActive(node, ctx, node.inputs.map((input) => () => ctx.sumToShape(dy, input, node.outputs[0]!)));
};

/** Pow with a constant scalar exponent c: dy·c·x^(c−1). */
export const powRule: VjpRule = (node, dys, ctx) => {
  const dy = single(dys);
  const [x, exponent] = node.inputs as [string, string];
  const values = ctx.constantFloats(exponent);
  if (ctx.isActive(exponent) || !values || values.length !== 1) throw new UnsupportedOpsError(['Pow'], 'a non-constant or non-scalar exponent');
  const c = values[0]!;
  return [ctx.mul(ctx.mul(dy, ctx.scalar(c)), ctx.node('Pow', [x, ctx.scalar(c - 1)])), undefined];
};
