import { intAttr, intsAttr } from '../../onnx/ir.js';
import { UnsupportedOpsError } from '../spec.js';
import { extent, windowGeometry } from './conv-geometry.js';
import { single, type VjpRule } from './rule.js';
import { placePhases, windowOffsets } from './window-phases.js';

/**
 * MaxPool: the gradient goes to the FIRST maximum of each window in row-major order (tfjs cpu,
 * TF and PyTorch), never to every tie: flat image backgrounds tie often.
 *
 * Each window offset o is a strided Slice ("phase") of the input, shaped like the output; with
 * eq_o = 1 + Sign(phase_o − max) ∈ {0, 1}, the phases are scanned in order and each takes what is
 * left of dy where it equals the max: g_o = rest·eq_o, rest −= g_o (exact: every product is by
 * 0 or 1). This avoids the Indices output (a scalar loop in ORT) and Equal/Where (one thread).
 */
export const maxPoolRule: VjpRule = (node, dys, ctx) => {
  if (dys[1] !== undefined) throw new UnsupportedOpsError(['MaxPool'], 'gradient through Indices');
  const x = node.inputs[0]!;
  const y = node.outputs[0]!;
  const dy = single(dys);
  if (intAttr(node, 'storage_order', 0) !== 0) throw new UnsupportedOpsError(['MaxPool'], 'storage_order 1');
  const xDims = ctx.dims(x);
  const inSpatial = xDims.slice(2);
  const outSpatial = ctx.dims(y).slice(2);
  const kernel = intsAttr(node, 'kernel_shape');
  if (!kernel) throw new UnsupportedOpsError(['MaxPool'], 'no kernel_shape');
  const geometry = windowGeometry(node, kernel, inSpatial, outSpatial);
  const spatial = kernel.length;
  // Pad with −∞ so padded positions never equal a finite max (ORT pads MaxPool the same way);
  // the end also covers windows that ceil_mode lets run past the input.
  const endPads = inSpatial.map((size, axis) => Math.max(0, (outSpatial[axis]! - 1) * geometry.strides[axis]! + extent(geometry, axis) - size - geometry.begin[axis]!));
  const padded = geometry.begin.some((pad) => pad > 0) || endPads.some((pad) => pad > 0)
    ? ctx.pad(x, [0, 0, ...geometry.begin, 0, 0, ...endPads], Number.NEGATIVE_INFINITY)
    : x;
  const axes = Array.from({ length: spatial }, (_, axis) => axis + 2);
  const offsets = windowOffsets(kernel);
  const phases: string[] = [];
  let rest = dy;
  offsets.forEach((offset, index) => {
    const starts = offset.map((o, axis) => o * geometry.dilations[axis]!);
    const ends = starts.map((start, axis) => start + (outSpatial[axis]! - 1) * geometry.strides[axis]! + 1);
    const phase = ctx.slice(padded, starts, ends, axes, geometry.strides);
    const equal = ctx.equalToMax(phase, y);
    const taken = ctx.mul(rest, equal);
    phases.push(taken);
    if (index < offsets.length - 1) rest = ctx.sub(rest, taken);
  });
  const grads: Array<string | undefined> = node.inputs.map(() => undefined);
  grads[0] = placePhases(ctx, phases, geometry, xDims[1]!, inSpatial, outSpatial);
  return grads;
};
