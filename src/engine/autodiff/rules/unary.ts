import { single, type VjpRule } from './rule.js';

/** Identity-like ops (Identity, Dropout in inference): the gradient passes through. */
export const identityRule: VjpRule = (_node, dys) => [single(dys)];

/** −x: −dy. */
export const negRule: VjpRule = (_node, dys, ctx) => [ctx.neg(single(dys))];

/** √x: dy / (2·√x), reusing the forward output. */
export const sqrtRule: VjpRule = (node, dys, ctx) => [ctx.div(single(dys), ctx.mul(node.outputs[0]!, ctx.scalar(2)))];

/** eˣ: dy·eˣ, reusing the forward output. */
export const expRule: VjpRule = (node, dys, ctx) => [ctx.mul(single(dys), node.outputs[0]!)];

/** ln x: dy / x. */
export const logRule: VjpRule = (node, dys, ctx) => [ctx.div(single(dys), node.inputs[0]!)];

/** 1/x: −dy / x². */
export const reciprocalRule: VjpRule = (node, dys, ctx) => {
  const x = node.inputs[0]!;
  return [ctx.neg(ctx.div(single(dys), ctx.mul(x, x)))];
};

/** |x|: dy where x > 0, −dy elsewhere (tfjs: step(x, −1), so −dy at 0). */
export const absRule: VjpRule = (node, dys, ctx) => {
  const sign = ctx.sub(ctx.mul(ctx.positive(node.inputs[0]!), ctx.scalar(2)), ctx.scalar(1));
  return [ctx.mul(single(dys), sign)];
};
