import { int, ints, intAttr, type OnnxNode } from '../../onnx/ir.js';
import type { GradContext } from '../context.js';
import { UnsupportedOpsError } from '../spec.js';
import { outputPadding, windowGeometry, extent, type WindowGeometry } from './conv-geometry.js';
import { single, type VjpRule } from './rule.js';

/**
 * Below this many input channels the input gradient is a ConvTranspose: ORT's NCHWc Conv pads
 * the channel dimension to its block (16), so a flipped-weight Conv over 1–7 channels wastes
 * most of its work (measured on the first conv of the demo CNN).
 */
const flippedConvMinChannels = 8;

/**
 * Conv: ∂x = ConvTranspose(dy, W) with the same strides, dilations, pads and group and the
 * output_padding that restores the input size. For stride 1 with enough channels it is instead a
 * forward Conv with the weights transposed per group and flipped, precomputed as a constant
 * (ORT runs Conv through its NCHWc kernels, measured faster than ConvTranspose).
 * The weights and bias are not differentiated.
 */
export const convRule: VjpRule = (node, dys, ctx) => {
  const [x, w] = node.inputs as [string, string];
  if (ctx.isActive(w) || (node.inputs[2] && ctx.isActive(node.inputs[2]))) {
    throw new UnsupportedOpsError(['Conv'], 'weights or bias computed from the input');
  }
  const dy = single(dys);
  const y = node.outputs[0]!;
  const xDims = ctx.dims(x);
  const wDims = ctx.dims(w);
  const inSpatial = xDims.slice(2);
  const outSpatial = ctx.dims(y).slice(2);
  const geometry = windowGeometry(node, wDims.slice(2), inSpatial, outSpatial);
  const group = intAttr(node, 'group', 1);
  const flipped = flippedConvGradient(node, ctx, dy, geometry, xDims[1]!, group);
  if (flipped) return [flipped];
  return [ctx.node('ConvTranspose', [dy, w], {
    strides: ints(geometry.strides),
    dilations: ints(geometry.dilations),
    pads: ints([...geometry.begin, ...geometry.end]),
    output_padding: ints(outputPadding(geometry, inSpatial, outSpatial)),
    group: int(group),
    kernel_shape: ints(geometry.kernel),
  }, 'grad_conv')];
};

/** The stride-1 form, or undefined when it does not apply (strided, few channels, weights not constant, crop needed). */
function flippedConvGradient(node: OnnxNode, ctx: GradContext, dy: string, geometry: WindowGeometry, channels: number, group: number): string | undefined {
  if (channels < flippedConvMinChannels || geometry.strides.some((stride) => stride !== 1)) return undefined;
  const weights = ctx.constant(node.inputs[1]!);
  if (!weights || weights.type !== 'float32') return undefined;
  const spatial = geometry.kernel.length;
  const begin = geometry.begin.map((pad, axis) => extent(geometry, axis) - 1 - pad);
  const end = geometry.end.map((pad, axis) => extent(geometry, axis) - 1 - pad);
  if ([...begin, ...end].some((pad) => pad < 0)) return undefined;
  const [outChannels, perGroupIn] = weights.dims as [number, number];
  const flippedWeights = transposeAndFlip(weights.data as Float32Array, outChannels, perGroupIn, group, geometry.kernel);
  const name = ctx.floats([perGroupIn * group, outChannels / group, ...geometry.kernel], flippedWeights, 'grad_conv_w');
  return ctx.node('Conv', [dy, name], {
    dilations: ints(geometry.dilations),
    pads: ints([...begin, ...end]),
    group: int(group),
    kernel_shape: ints(geometry.kernel),
    strides: ints(new Array<number>(spatial).fill(1)),
  }, 'grad_conv');
}

/**
 * W [M, C/g, k…] → W' [C, M/g, k…] with W'[g·C/g + c, m, κ] = W[g·M/g + m, c, K − 1 − κ]: the
 * adjoint of a stride-1 convolution is a convolution with these weights.
 */
function transposeAndFlip(data: Float32Array, outChannels: number, perGroupIn: number, group: number, kernel: number[]): Float32Array {
  const window = kernel.reduce((product, size) => product * size, 1);
  const perGroupOut = outChannels / group;
  const result = new Float32Array(data.length);
  for (let g = 0; g < group; g++) {
    for (let m = 0; m < perGroupOut; m++) {
      for (let c = 0; c < perGroupIn; c++) {
        const source = ((g * perGroupOut + m) * perGroupIn + c) * window;
        const target = ((g * perGroupIn + c) * perGroupOut + m) * window;
        // Reversing the flattened window reverses every spatial axis at once.
        for (let k = 0; k < window; k++) result[target + k] = data[source + window - 1 - k]!;
      }
    }
  }
  return result;
}
