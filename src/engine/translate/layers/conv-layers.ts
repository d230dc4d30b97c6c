import { emitActivation, kerasActivation, type Activation } from '../kernels/activation.js';
import { emitConv } from '../kernels/conv.js';
import { emitExpandDims, emitSqueeze } from '../kernels/shape.js';
import { floats, UnsupportedForm, type ConstValue } from '../values.js';
import { kerasPadding, onlyInput, pair, requireChannelsLast, weight, type LayerContext, type LayerTranslator } from './layer-context.js';

/** The layer's activation (pre-checked by the model walk, so unknown names do not reach here). */
export function layerActivation(ctx: LayerContext): Activation {
  const activation = kerasActivation(ctx.config.activation);
  if (!activation) throw new UnsupportedForm(`activation:${String(ctx.config.activation)}`, `layer "${ctx.layer.name}"`);
  return activation;
}

function window(ctx: LayerContext) {
  requireChannelsLast(ctx);
  return {
    strides: pair(ctx.config.strides, [1, 1]),
    dilations: pair(ctx.config.dilationRate, [1, 1]),
    padding: kerasPadding(ctx),
  };
}

function bias(ctx: LayerContext): Float32Array | undefined {
  return ctx.config.useBias === false ? undefined : floats(weight(ctx, 'bias'));
}

const conv2d: LayerTranslator = (ctx) => emitConv(ctx.em, onlyInput(ctx), {
  kind: 'conv', filter: weight(ctx, 'kernel'), bias: bias(ctx), ...window(ctx), activation: layerActivation(ctx), label: ctx.className,
});

const depthwiseConv2d: LayerTranslator = (ctx) => emitConv(ctx.em, onlyInput(ctx), {
  kind: 'depthwise', filter: weight(ctx, 'depthwise_kernel'), bias: bias(ctx), ...window(ctx), activation: layerActivation(ctx), label: ctx.className,
});

/** Depthwise (strided, padded, dilated) then a 1×1 pointwise conv with the bias and activation, as tfjs computes it. */
const separableConv2d: LayerTranslator = (ctx) => {
  const depthwise = emitConv(ctx.em, onlyInput(ctx), { kind: 'depthwise', filter: weight(ctx, 'depthwise_kernel'), ...window(ctx), label: ctx.className });
  const pointwise = emitConv(ctx.em, depthwise, {
    kind: 'conv', filter: weight(ctx, 'pointwise_kernel'), bias: bias(ctx), strides: [1, 1], dilations: [1, 1], padding: 'VALID', label: ctx.className,
  });
  return emitActivation(ctx.em, pointwise, layerActivation(ctx));
};

/**
 * Conv1D as a 2-D convolution over a size-1 height axis (`[N, L, C]` viewed as `[N, 1, L, C]`),
 * as TF computes it (tfjs itself refuses causal padding, and so does this).
 */
const conv1d: LayerTranslator = (ctx) => {
  requireChannelsLast(ctx);
  const x = onlyInput(ctx);
  const [k, cin, filters] = weight(ctx, 'kernel').shape as [number, number, number];
  const dilation = pair(ctx.config.dilationRate, [1, 1])[0];
  const filter: ConstValue = { ...weight(ctx, 'kernel'), shape: [1, k, cin, filters] };
  const conv = emitConv(ctx.em, emitExpandDims(ctx.em, x, 1, 'Conv1D'), {
    kind: 'conv', filter, bias: bias(ctx), strides: [1, pair(ctx.config.strides, [1, 1])[0]], dilations: [1, dilation], padding: kerasPadding(ctx),
    activation: layerActivation(ctx), label: 'Conv1D',
  });
  return emitSqueeze(ctx.em, conv, [1], 'Conv1D');
};

/** Convolution layers. */
export const convLayers: Record<string, LayerTranslator> = {
  Conv1D: conv1d,
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
};
