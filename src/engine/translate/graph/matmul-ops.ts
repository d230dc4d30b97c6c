import { emitActivation } from '../kernels/activation.js';
import { emitDense } from '../kernels/dense.js';
import { emitChannelAffine } from '../kernels/elementwise.js';
import { UnsupportedForm } from '../values.js';
import { attrBool } from './attrs.js';
import { fusedParts } from './conv-ops.js';
import { constInput, dynInput, type OpContext, type OpTranslator } from './op-context.js';

function matmul(fused: boolean): OpTranslator {
  return (ctx: OpContext) => {
    if (ctx.inputs[1]?.kind !== 'const') throw new UnsupportedForm(`${ctx.node.op}(input·input)`, 'both factors depend on the input');
    if (attrBool(ctx.node, 'transpose_a', false)) throw new UnsupportedForm(`${ctx.node.op}(transpose_a)`, 'transposing the batch axis');
    const { bias, affine, activation } = fused ? fusedParts(ctx, 2) : {};
    const kernel = constInput(ctx, 1, 'kernel');
    const transposed = attrBool(ctx.node, 'transpose_b', false);
    if (!affine) return emitDense(ctx.em, dynInput(ctx, 0), { kernel, transposed, bias, activation, label: ctx.node.op });
    // A batch norm over the units sits between the product and the activation.
    const dense = emitDense(ctx.em, dynInput(ctx, 0), { kernel, transposed, bias, label: ctx.node.op });
    const normed = emitChannelAffine(ctx.em, dense, affine.scale, affine.shift, dense.shape.length - 1, ctx.node.op);
    return activation ? emitActivation(ctx.em, normed, activation) : normed;
  };
}

/** MatMul-family GraphDef ops with a constant right factor (dense layers). */
export const matmulOps: Record<string, OpTranslator> = {
  MatMul: matmul(false),
  _FusedMatMul: matmul(true),
};
