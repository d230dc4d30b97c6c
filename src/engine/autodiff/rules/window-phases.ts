import { int, ints } from '../../onnx/ir.js';
import type { GradContext } from '../context.js';
import { extent, type WindowGeometry } from './conv-geometry.js';

/** Every window offset (multi-index over the kernel), first index slowest: the row-major scan order of tfjs/TF/PyTorch. */
export function windowOffsets(kernel: number[]): number[][] {
  let offsets: number[][] = [[]];
  for (const size of kernel) offsets = offsets.flatMap((prefix) => Array.from({ length: size }, (_, index) => [...prefix, index]));
  return offsets;
}

/**
 * Places per-offset gradients ("phases", each shaped like the pool output `[N, C, O…]`) back into
 * an input-shaped gradient: phase o of output position p lands at p·s + o·d − begin.
 * Non-overlapping windows that start at 0 tile the input: an interleave by Concat → Reshape →
 * Transpose → Reshape. Otherwise a grouped ConvTranspose with one-hot kernels does the
 * scatter-add exactly (each sum adds exact zeros), followed by a crop/pad to the input size.
 */
export function placePhases(ctx: GradContext, phases: string[], geometry: WindowGeometry, channels: number, inSpatial: number[], outSpatial: number[]): string {
  const spatial = geometry.kernel.length;
  const count = phases.length;
  if (tilesInput(geometry, inSpatial, outSpatial)) {
    const stacked = ctx.node('Concat', phases.map((phase) => ctx.unsqueeze(phase, [2 + spatial])), { axis: int(2 + spatial) });
    return placeStacked(ctx, stacked, geometry.kernel, channels, inSpatial, outSpatial);
  }
  const stacked = ctx.node('Concat', phases.map((phase) => ctx.unsqueeze(phase, [2])), { axis: int(2) });
  const grouped = ctx.reshape(stacked, ctx.ints([0, channels * count, ...outSpatial]));
  const extents = geometry.kernel.map((_, axis) => extent(geometry, axis));
  const window = extents.reduce((product, size) => product * size, 1);
  const weights = new Float32Array(channels * count * window);
  windowOffsets(geometry.kernel).forEach((offset, index) => {
    let position = 0;
    for (let axis = 0; axis < spatial; axis++) position = position * extents[axis]! + offset[axis]! * geometry.dilations[axis]!;
    for (let c = 0; c < channels; c++) weights[(c * count + index) * window + position] = 1;
  });
  const scattered = ctx.node('ConvTranspose', [grouped, ctx.floats([channels * count, 1, ...extents], weights, 'grad_pool_scatter')], {
    strides: ints(geometry.strides), group: int(channels), kernel_shape: ints(extents),
  }, 'grad_pool_scatter');
  const full = outSpatial.map((size, axis) => (size - 1) * geometry.strides[axis]! + extents[axis]!);
  const pads = [0, 0, ...geometry.begin.map((pad) => -pad), 0, 0, ...inSpatial.map((size, axis) => size + geometry.begin[axis]! - full[axis]!)];
  return pads.every((pad) => pad === 0) ? scattered : ctx.pad(scattered, pads);
}

/**
 * Whether the windows tile the input from its origin without overlap or gaps between them
 * (stride = kernel, no dilation, no leading pad, none running past the end): every input
 * position then belongs to at most one window, at a fixed offset.
 */
export function tilesInput(geometry: WindowGeometry, inSpatial: number[], outSpatial: number[]): boolean {
  return geometry.kernel.every((size, axis) => geometry.strides[axis] === size && geometry.dilations[axis] === 1
    && geometry.begin[axis] === 0 && outSpatial[axis]! * size <= inSpatial[axis]!);
}

/**
 * Window-stacked gradients `[N, C, O…, K]` (K = Πk, row-major window order) → `[N, C, I…]` for
 * tiling windows: an interleave by Reshape → Transpose → Reshape, zeros past the last window.
 */
export function placeStacked(ctx: GradContext, stacked: string, kernel: number[], channels: number, inSpatial: number[], outSpatial: number[]): string {
  const spatial = kernel.length;
  const split = ctx.reshape(stacked, ctx.ints([0, channels, ...outSpatial, ...kernel]));
  // [N, C, O1…Or, k1…kr] → [N, C, O1, k1, …, Or, kr]
  const perm = [0, 1, ...Array.from({ length: spatial }, (_, axis) => [2 + axis, 2 + spatial + axis]).flat()];
  const interleaved = ctx.node('Transpose', [split], { perm: ints(perm) });
  const covered = outSpatial.map((size, axis) => size * kernel[axis]!);
  const merged = ctx.reshape(interleaved, ctx.ints([0, channels, ...covered]));
  const tail = inSpatial.map((size, axis) => size - covered[axis]!);
  if (tail.every((pad) => pad === 0)) return merged;
  return ctx.pad(merged, [0, 0, ...new Array<number>(spatial).fill(0), 0, 0, ...tail]);
}
