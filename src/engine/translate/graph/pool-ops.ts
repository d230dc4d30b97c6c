import { emitPool, emitReduce } from '../kernels/pooling.js';
import { UnsupportedForm, integers } from '../values.js';
import { attrBool, attrInts } from './attrs.js';
import { windowAttrs } from './conv-ops.js';
import { constInput, dynInput, type OpTranslator } from './op-context.js';

function pool(kind: 'max' | 'avg'): OpTranslator {
  return (ctx) => {
    const ksize = attrInts(ctx.node, 'ksize', []);
    if (ksize.length !== 4 || ksize[0] !== 1 || ksize[3] !== 1) throw new UnsupportedForm(`${ctx.node.op}(ksize)`, 'pooling across batch or channels');
    const { strides, padding } = windowAttrs(ctx, ctx.node.op);
    return emitPool(ctx.em, dynInput(ctx, 0), { kind, kernel: [ksize[1]!, ksize[2]!], strides, padding, label: ctx.node.op });
  };
}

function reduce(kind: 'mean' | 'max' | 'min' | 'sum'): OpTranslator {
  return (ctx) => emitReduce(ctx.em, dynInput(ctx, 0), kind, integers(constInput(ctx, 1, 'axes')), attrBool(ctx.node, 'keep_dims', false), ctx.node.op);
}

/** Pooling and reduction GraphDef ops. */
export const poolOps: Record<string, OpTranslator> = {
  MaxPool: pool('max'),
  AvgPool: pool('avg'),
  Mean: reduce('mean'),
  Max: reduce('max'),
  Min: reduce('min'),
  Sum: reduce('sum'),
};
