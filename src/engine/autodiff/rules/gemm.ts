import { float, floatAttr, int, intAttr, ints } from '../../onnx/ir.js';
import type { GradContext } from '../context.js';
import { UnsupportedOpsError } from '../spec.js';
import { onlyActive, single, type VjpRule } from './rule.js';

/**
 * Gemm Y = α·A'·B' + β·C (A' = Aᵀ when transA, likewise B'): ∂A' = α·dY·B'ᵀ, ∂B' = α·A'ᵀ·dY,
 * each written as one Gemm with the transposes folded into its flags; ∂C = β·dY summed over the
 * axes C was broadcast along.
 */
export const gemmRule: VjpRule = (node, dys, ctx) => {
  const dy = single(dys);
  const [a, b, c] = node.inputs as [string, string, string | undefined];
  const alpha = floatAttr(node, 'alpha', 1);
  const beta = floatAttr(node, 'beta', 1);
  const transA = intAttr(node, 'transA', 0);
  const transB = intAttr(node, 'transB', 0);
  const gemm = (p: string, q: string, tp: number, tq: number) =>
    ctx.node('Gemm', [p, q], { alpha: float(alpha), transA: int(tp), transB: int(tq) }, 'grad_gemm');
  return onlyActive(node, ctx, [
    () => (transA ? gemm(b, dy, transB, 1) : gemm(dy, b, 0, transB ? 0 : 1)),
    () => (transB ? gemm(dy, a, 1, transA) : gemm(a, dy, transA ? 0 : 1, 0)),
    c ? () => {
      const scaled = beta === 1 ? dy : ctx.mul(dy, ctx.scalar(beta));
      return ctx.sumToShape(scaled, c, node.outputs[0]!);
    } : undefined,
  ]);
};

/** Swaps the last two axes of a rank-`rank` value. */
function swapLast(ctx: GradContext, name: string, rank: number): string {
  const perm = Array.from({ length: rank }, (_, axis) => axis);
  perm[rank - 1] = rank - 2;
  perm[rank - 2] = rank - 1;
  return ctx.node('Transpose', [name], { perm: ints(perm) });
}

/**
 * MatMul (rank ≥ 2 operands, batch axes broadcast): ∂A = dY·Bᵀ, ∂B = Aᵀ·dY, each summed over
 * the batch axes its operand was broadcast along. A constant Bᵀ is folded by ONNX Runtime.
 */
export const matMulRule: VjpRule = (node, dys, ctx) => {
  const dy = single(dys);
  const [a, b] = node.inputs as [string, string];
  const y = node.outputs[0]!;
  if (ctx.rank(a) < 2 || ctx.rank(b) < 2) throw new UnsupportedOpsError(['MatMul'], 'one-dimensional operands');
  return onlyActive(node, ctx, [
    () => ctx.sumToShape(ctx.node('MatMul', [dy, swapLast(ctx, b, ctx.rank(b))]), a, y, 2),
    () => ctx.sumToShape(ctx.node('MatMul', [swapLast(ctx, a, ctx.rank(a)), dy]), b, y, 2),
  ]);
};
