import type { Activation } from '../kernels/activation.js';
import { batchNormAffine, emitConv, type ConvSpec } from '../kernels/conv.js';
import { emitChannelAffine } from '../kernels/elementwise.js';
import type { PaddingSpec } from '../kernels/padding.js';
import { floats, UnsupportedForm, type ConstValue } from '../values.js';
import { attrFloat, attrInts, attrString, attrStrings } from './attrs.js';
import { constInput, dynInput, type OpContext, type OpTranslator } from './op-context.js';

/** Strides, dilations and padding of a TF NHWC conv/pool node. */
export function windowAttrs(ctx: OpContext, label: string): { strides: [number, number]; dilations: [number, number]; padding: PaddingSpec } {
  const { node } = ctx;
  if (attrString(node, 'data_format', 'NHWC') !== 'NHWC') throw new UnsupportedForm(`${label}(NCHW)`, 'only NHWC graphs are translated');
  const strides = attrInts(node, 'strides', [1, 1, 1, 1]);
  const dilations = attrInts(node, 'dilations', [1, 1, 1, 1]);
  const paddingName = attrString(node, 'padding', 'VALID');
  let padding: PaddingSpec;
  if (paddingName === 'SAME' || paddingName === 'VALID') padding = paddingName;
  else if (paddingName === 'EXPLICIT') {
    const explicit = attrInts(node, 'explicit_paddings', []);
    if (explicit.length !== 8) throw new Error(`node "${node.name}": EXPLICIT padding needs 8 explicit_paddings`);
    padding = { explicit: [explicit[2]!, explicit[3]!, explicit[4]!, explicit[5]!] };
  } else throw new Error(`node "${node.name}": unknown padding "${paddingName}"`);
  return { strides: [strides[1]!, strides[2]!], dilations: [dilations[1]!, dilations[2]!], padding };
}

/**
 * The `fused_ops` of a tfjs fused node: the bias or batch norm folded into the weights, and
 * the activation. Arguments follow the converter's order: bias (or scale, offset, mean,
 * variance), then the PReLU alpha.
 */
export function fusedParts(ctx: OpContext, argsFrom: number): { bias?: Float32Array; affine?: { scale: Float32Array; shift: Float32Array }; activation?: Activation } {
  const ops = attrStrings(ctx.node, 'fused_ops').map((op) => op.toLowerCase());
  const args = (count: number) => Array.from({ length: count }, (_, k) => floats(constInput(ctx, argsFrom + k, `fused argument ${k}`)));
  let used = 0;
  const result: { bias?: Float32Array; affine?: { scale: Float32Array; shift: Float32Array }; activation?: Activation } = {};
  let rest = ops;
  if (rest[0] === 'biasadd') {
    [result.bias] = args(1);
    used = 1;
    rest = rest.slice(1);
  } else if (rest[0] === 'fusedbatchnorm') {
    const [scale, offset, mean, variance] = args(4);
    result.affine = batchNormAffine(scale, offset, mean!, variance!, attrFloat(ctx.node, 'epsilon', 0.001));
    used = 4;
    rest = rest.slice(1);
  }
  if (rest.length > 1) throw new UnsupportedForm(`${ctx.node.op}(${ops.join('+')})`, 'more than one fused activation');
  const activation = rest[0];
  if (activation !== undefined) {
    const kind = fusedActivation(ctx, activation, () => constInput(ctx, argsFrom + used, 'PReLU alpha'));
    if (kind === undefined) throw new UnsupportedForm(`${ctx.node.op}(${activation})`, 'unknown fused activation');
    result.activation = kind;
  }
  return result;
}

function fusedActivation(ctx: OpContext, name: string, alpha: () => ConstValue): Activation | undefined {
  switch (name) {
    case 'relu': return { kind: 'relu' };
    case 'relu6': return { kind: 'relu6' };
    case 'elu': return { kind: 'elu', alpha: 1 };
    case 'selu': return { kind: 'selu' };
    case 'sigmoid': return { kind: 'sigmoid' };
    case 'tanh': return { kind: 'tanh' };
    case 'leakyrelu': return { kind: 'leakyrelu', alpha: attrFloat(ctx.node, 'leakyrelu_alpha', 0.2) };
    case 'prelu': return { kind: 'prelu', alpha: alpha() };
    default: return undefined;
  }
}

function conv(kind: ConvSpec['kind'], fused: boolean): OpTranslator {
  return (ctx) => {
    const spec: ConvSpec = { kind, filter: constInput(ctx, 1, 'filter'), ...windowAttrs(ctx, ctx.node.op), label: ctx.node.op };
    return emitConv(ctx.em, dynInput(ctx, 0), fused ? { ...spec, ...fusedParts(ctx, 2) } : spec);
  };
}

/** FusedBatchNorm(V2/V3) in inference mode: a per-channel Mul/Add with the statistics folded. */
const fusedBatchNorm: OpTranslator = (ctx) => {
  const x = dynInput(ctx, 0);
  if (attrString(ctx.node, 'data_format', 'NHWC') !== 'NHWC') throw new UnsupportedForm(`${ctx.node.op}(NCHW)`, 'only NHWC graphs are translated');
  const [scale, offset, mean, variance] = [1, 2, 3, 4].map((index) => floats(constInput(ctx, index, 'batch-norm statistic')));
  const { scale: s, shift } = batchNormAffine(scale, offset, mean!, variance!, attrFloat(ctx.node, 'epsilon', 0.001));
  return emitChannelAffine(ctx.em, x, s, shift, x.shape.length - 1, ctx.node.op);
};

/** Convolution-family GraphDef ops. */
export const convOps: Record<string, OpTranslator> = {
  Conv2D: conv('conv', false),
  DepthwiseConv2dNative: conv('depthwise', false),
  _FusedConv2D: conv('conv', true),
  FusedDepthwiseConv2dNative: conv('depthwise', true),
  FusedBatchNorm: fusedBatchNorm,
  FusedBatchNormV2: fusedBatchNorm,
  FusedBatchNormV3: fusedBatchNorm,
};
