import { intAttr, intsAttr, type OnnxNode } from '../../onnx/ir.js';
import type { GradContext } from '../context.js';
import { UnsupportedOpsError } from '../spec.js';
import { extent, windowGeometry, type WindowGeometry } from './conv-geometry.js';
import { single, type VjpRule } from './rule.js';
import { placePhases, windowOffsets } from './window-phases.js';

/**
 * MaxPool: the gradient goes to the FIRST maximum of each window in row-major order (tfjs cpu,
 * TF and PyTorch), never to every tie: flat image backgrounds tie often. Neither the Indices
 * output (a scalar loop in ONNX Runtime) nor Equal/Where (one thread) is used.
 */
export const maxPoolRule: VjpRule = (node, dys, ctx) => {
  if (dys[1] !== undefined) throw new UnsupportedOpsError(['MaxPool'], 'gradient through Indices');
  const grads: Array<string | undefined> = node.inputs.map(() => undefined);
  grads[0] = routeToFirstMax(node, single(dys), ctx);
  return grads;
};

/**
 * MaxPool over a ReLU output, differentiated to the ReLU's input in one step: the routed position
 * holds the window's max m, so the ReLU mask there is Sign(m), applied to dy at the pooled
 * resolution instead of to the full-resolution gradient (exact: the mask is 0 or 1).
 */
export function maxPoolThroughRelu(node: OnnxNode, dy: string, ctx: GradContext): string {
  return routeToFirstMax(node, ctx.mul(dy, ctx.node('Sign', [node.outputs[0]!])), ctx);
}

function routeToFirstMax(node: OnnxNode, dy: string, ctx: GradContext): string {
  const x = node.inputs[0]!;
  const y = node.outputs[0]!;
  if (intAttr(node, 'storage_order', 0) !== 0) throw new UnsupportedOpsError(['MaxPool'], 'storage_order 1');
  const xDims = ctx.dims(x);
  const inSpatial = xDims.slice(2);
  const outSpatial = ctx.dims(y).slice(2);
  const kernel = intsAttr(node, 'kernel_shape');
  if (!kernel) throw new UnsupportedOpsError(['MaxPool'], 'no kernel_shape');
  const geometry = windowGeometry(node, kernel, inSpatial, outSpatial);
  const channels = xDims[1]!;
  return phaseRoute(ctx, x, y, dy, geometry, channels, inSpatial, outSpatial);
}

/**
 * Each window offset o is a strided Slice ("phase") of the input, shaped like the output. With
 * below_o = Sign(max − phase_o) ∈ {0, 1} (1 where the phase is below the max), the phases are
 * scanned in row-major order and each keeps what is left of dy where it equals the max:
 * rest_0 = dy, rest_{o+1} = rest_o·below_o, g_o = rest_o − rest_{o+1}, and the last phase takes
 * rest. Exact: every product is by 0 or 1, every difference is x − x or x − 0.
 */
function phaseRoute(ctx: GradContext, x: string, y: string, dy: string, geometry: WindowGeometry, channels: number, inSpatial: number[], outSpatial: number[]): string {
  const spatial = geometry.kernel.length;
  // Pad with −∞ so padded positions never equal a finite max (ORT pads MaxPool the same way);
  // the end also covers windows that ceil_mode lets run past the input.
  const endPads = inSpatial.map((size, axis) => Math.max(0, (outSpatial[axis]! - 1) * geometry.strides[axis]! + extent(geometry, axis) - size - geometry.begin[axis]!));
  const padded = geometry.begin.some((pad) => pad > 0) || endPads.some((pad) => pad > 0)
    ? ctx.pad(x, [0, 0, ...geometry.begin, 0, 0, ...endPads], Number.NEGATIVE_INFINITY)
    : x;
  const axes = Array.from({ length: spatial }, (_, axis) => axis + 2);
  const offsets = windowOffsets(geometry.kernel);
  const phases: string[] = [];
  let rest = dy;
  offsets.forEach((offset, index) => {
    if (index === offsets.length - 1) {
      phases.push(rest);
      return;
    }
    const starts = offset.map((o, axis) => o * geometry.dilations[axis]!);
    const ends = starts.map((start, axis) => start + (outSpatial[axis]! - 1) * geometry.strides[axis]! + 1);
    const phase = ctx.slice(padded, starts, ends, axes, geometry.strides);
    const next = ctx.mul(rest, ctx.node('Sign', [ctx.sub(y, phase)]));
    phases.push(ctx.sub(rest, next));
    rest = next;
  });
  return placePhases(ctx, phases, geometry, channels, inSpatial, outSpatial);
}
