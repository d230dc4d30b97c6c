import { emitActivation, emitClip, emitSoftmax } from '../kernels/activation.js';
import { emitDense } from '../kernels/dense.js';
import { emitBinary } from '../kernels/elementwise.js';
import { emitReshape, emitTranspose } from '../kernels/shape.js';
import { floatConst, floats, normAxis } from '../values.js';
import { layerActivation } from './conv-layers.js';
import { onlyInput, weight, type LayerTranslator } from './layer-context.js';

const identity: LayerTranslator = (ctx) => onlyInput(ctx);

const dense: LayerTranslator = (ctx) => emitDense(ctx.em, onlyInput(ctx), {
  kernel: weight(ctx, 'kernel'), bias: ctx.config.useBias === false ? undefined : floats(weight(ctx, 'bias')), activation: layerActivation(ctx), label: 'Dense',
});

const flatten: LayerTranslator = (ctx) => emitReshape(ctx.em, onlyInput(ctx), [-1, onlyInput(ctx).shape.slice(1).reduce((a, b) => a * b, 1)], 'Flatten');

const reshape: LayerTranslator = (ctx) => emitReshape(ctx.em, onlyInput(ctx), [-1, ...(ctx.config.targetShape as number[])], 'Reshape');

/** Permute's dims are 1-based over the sample axes. */
const permute: LayerTranslator = (ctx) => emitTranspose(onlyInput(ctx), [0, ...(ctx.config.dims as number[])], 'Permute');

/** Rescaling: `x·scale + offset` with scalars. */
const rescaling: LayerTranslator = (ctx) => {
  const x = onlyInput(ctx);
  const scaled = emitBinary(ctx.em, 'Mul', x, floatConst([], Float32Array.of(Number(ctx.config.scale ?? 1))), 'Rescaling');
  return emitBinary(ctx.em, 'Add', scaled, floatConst([], Float32Array.of(Number(ctx.config.offset ?? 0))), 'Rescaling');
};

const activation: LayerTranslator = (ctx) => emitActivation(ctx.em, onlyInput(ctx), layerActivation(ctx));

/** ReLU with an optional `maxValue` (Clip). */
const relu: LayerTranslator = (ctx) => {
  const max = ctx.config.maxValue;
  return typeof max === 'number' ? emitClip(ctx.em, onlyInput(ctx), 0, max) : emitActivation(ctx.em, onlyInput(ctx), { kind: 'relu' });
};

const leakyRelu: LayerTranslator = (ctx) => emitActivation(ctx.em, onlyInput(ctx), { kind: 'leakyrelu', alpha: Number(ctx.config.alpha ?? 0.3) });

const elu: LayerTranslator = (ctx) => emitActivation(ctx.em, onlyInput(ctx), { kind: 'elu', alpha: Number(ctx.config.alpha ?? 1) });

const prelu: LayerTranslator = (ctx) => emitActivation(ctx.em, onlyInput(ctx), { kind: 'prelu', alpha: weight(ctx, 'alpha') });

/** tfjs's Softmax layer defaults to axis 1 (not −1); the configured axis is used as tfjs does. */
const softmax: LayerTranslator = (ctx) => {
  const x = onlyInput(ctx);
  return emitSoftmax(ctx.em, x, normAxis(Number(ctx.config.axis ?? 1), x.shape.length));
};

/** Core, reshaping, activation and inference-time identity layers. */
export const coreLayers: Record<string, LayerTranslator> = {
  Dense: dense,
  Flatten: flatten,
  Reshape: reshape,
  Permute: permute,
  Rescaling: rescaling,
  Activation: activation,
  ReLU: relu,
  LeakyReLU: leakyRelu,
  ELU: elu,
  PReLU: prelu,
  Softmax: softmax,
  // Identity at inference: the translated graph is an inference graph.
  Dropout: identity,
  SpatialDropout1D: identity,
  SpatialDropout2D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
};
