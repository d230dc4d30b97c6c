import { batchNormAffine } from '../kernels/conv.js';
import { emitChannelAffine } from '../kernels/elementwise.js';
import { emitPool, emitReduce } from '../kernels/pooling.js';
import { emitExpandDims, emitPad, emitSlice, emitSqueeze } from '../kernels/shape.js';
import { floats, normAxis, UnsupportedForm } from '../values.js';
import { kerasPadding, onlyInput, pair, requireChannelsLast, weight, type LayerContext, type LayerTranslator } from './layer-context.js';

/** Inference-mode batch norm as a per-channel Mul/Add with the moving statistics folded. */
const batchNormalization: LayerTranslator = (ctx) => {
  const x = onlyInput(ctx);
  const axisConfig = ctx.config.axis;
  const axis = normAxis(Array.isArray(axisConfig) ? Number(axisConfig[0]) : Number(axisConfig ?? -1), x.shape.length);
  if (Array.isArray(axisConfig) && axisConfig.length !== 1) throw new UnsupportedForm('BatchNormalization(axes)', 'normalisation over several axes');
  const gamma = ctx.config.scale === false ? undefined : floats(weight(ctx, 'gamma'));
  const beta = ctx.config.center === false ? undefined : floats(weight(ctx, 'beta'));
  const { scale, shift } = batchNormAffine(gamma, beta, floats(weight(ctx, 'moving_mean')), floats(weight(ctx, 'moving_variance')), Number(ctx.config.epsilon ?? 0.001));
  return emitChannelAffine(ctx.em, x, scale, shift, axis, 'BatchNormalization');
};

function pool(kind: 'max' | 'avg'): LayerTranslator {
  return (ctx) => {
    requireChannelsLast(ctx);
    const kernel = pair(ctx.config.poolSize, [2, 2]);
    const strides = pair(ctx.config.strides ?? kernel, kernel);
    return emitPool(ctx.em, onlyInput(ctx), { kind, kernel, strides, padding: kerasPadding(ctx), label: ctx.className });
  };
}

/** MaxPooling1D/AveragePooling1D as 2-D pools over a size-1 height axis. */
function pool1d(kind: 'max' | 'avg'): LayerTranslator {
  return (ctx) => {
    requireChannelsLast(ctx);
    const size = pair(ctx.config.poolSize, [2, 2])[0];
    const stride = pair(ctx.config.strides ?? size, [size, size])[0];
    const label = ctx.className;
    const pooled = emitPool(ctx.em, emitExpandDims(ctx.em, onlyInput(ctx), 1, label), { kind, kernel: [1, size], strides: [1, stride], padding: kerasPadding(ctx), label });
    return emitSqueeze(ctx.em, pooled, [1], label);
  };
}

/** Global pooling over every axis between the batch and the channels (1-D and 2-D layers alike). */
function globalPool(kind: 'mean' | 'max'): LayerTranslator {
  return (ctx) => {
    requireChannelsLast(ctx);
    const x = onlyInput(ctx);
    return emitReduce(ctx.em, x, kind, x.shape.slice(1, -1).map((_, index) => index + 1), ctx.config.keepDims === true, ctx.className);
  };
}

/** `[[top, bottom], [left, right]]` from a number, a pair, or a pair of pairs. */
function sides(value: unknown): [[number, number], [number, number]] {
  if (typeof value === 'number') return [[value, value], [value, value]];
  const [h, w] = value as Array<number | number[]>;
  const side = (entry: number | number[] | undefined): [number, number] => (typeof entry === 'number' ? [entry, entry] : [entry![0]!, entry![1]!]);
  return [side(h), side(w)];
}

const zeroPadding2d: LayerTranslator = (ctx) => {
  requireChannelsLast(ctx);
  const [h, w] = sides(ctx.config.padding ?? 1);
  return emitPad(ctx.em, onlyInput(ctx), [[0, 0], h, w, [0, 0]], 0, 'ZeroPadding2D');
};

const cropping2d: LayerTranslator = (ctx: LayerContext) => {
  requireChannelsLast(ctx);
  const x = onlyInput(ctx);
  const [[top, bottom], [left, right]] = sides(ctx.config.cropping ?? 0);
  const [, height, width] = x.shape as [number, number, number, number];
  return emitSlice(ctx.em, x, [undefined, { start: top, end: height - bottom, step: 1 }, { start: left, end: width - right, step: 1 }, undefined], undefined, 'Cropping2D');
};

/** Normalisation, pooling, padding and cropping layers. */
export const normPoolLayers: Record<string, LayerTranslator> = {
  BatchNormalization: batchNormalization,
  MaxPooling2D: pool('max'),
  AveragePooling2D: pool('avg'),
  GlobalAveragePooling2D: globalPool('mean'),
  GlobalMaxPooling2D: globalPool('max'),
  MaxPooling1D: pool1d('max'),
  AveragePooling1D: pool1d('avg'),
  GlobalAveragePooling1D: globalPool('mean'),
  GlobalMaxPooling1D: globalPool('max'),
  ZeroPadding2D: zeroPadding2d,
  Cropping2D: cropping2d,
};
