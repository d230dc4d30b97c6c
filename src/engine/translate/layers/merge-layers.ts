import { emitBinary, type BinaryOp } from '../kernels/elementwise.js';
import { emitConcat } from '../kernels/shape.js';
import { floatConst, type DynValue } from '../values.js';
import type { LayerTranslator } from './layer-context.js';

/** Folds `op` over every input, left to right, as tfjs's merge layers do. */
function fold(op: BinaryOp, label: string): LayerTranslator {
  return (ctx) => {
    if (ctx.inputs.length < 2) throw new Error(`layer "${ctx.layer.name}" (${label}) needs at least two inputs`);
    return ctx.inputs.slice(1).reduce<DynValue>((sum, next) => emitBinary(ctx.em, op, sum, next, label), ctx.inputs[0]!);
  };
}

const average: LayerTranslator = (ctx) => {
  const sum = fold('Add', 'Average')(ctx);
  return emitBinary(ctx.em, 'Mul', sum, floatConst([], Float32Array.of(1 / ctx.inputs.length)), 'Average');
};

const concatenate: LayerTranslator = (ctx) => emitConcat(ctx.em, ctx.inputs, Number(ctx.config.axis ?? -1), 'Concatenate');

/** Merge layers. */
export const mergeLayers: Record<string, LayerTranslator> = {
  Add: fold('Add', 'Add'),
  Multiply: fold('Mul', 'Multiply'),
  Maximum: fold('Max', 'Maximum'),
  Minimum: fold('Min', 'Minimum'),
  Average: average,
  Concatenate: concatenate,
};
