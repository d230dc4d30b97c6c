import { integers, UnsupportedForm, type ConstValue } from '../values.js';
import type { AxisSlice } from './shape.js';

/** TF StridedSlice bit masks. */
export interface SliceMasks {
  begin: number;
  end: number;
  ellipsis: number;
  newAxis: number;
  shrink: number;
}

/** A resolved static strided slice: per input axis the slice (undefined: whole axis) and the output shape. */
export interface ResolvedSlice {
  slices: Array<AxisSlice | undefined>;
  /** Indices taken on each input axis (for constants; empty for the batch axis). */
  indices: number[][];
  outputShape: number[];
}

/**
 * Resolves TF StridedSlice semantics (masks, ellipsis, new and shrunk axes, negative indices and
 * strides, clamping) against a shape whose axis 0 may be the unknown batch (−1), which must be
 * taken whole.
 */
export function resolveStridedSlice(shape: readonly number[], beginV: ConstValue, endV: ConstValue, stridesV: ConstValue, masks: SliceMasks, label: string): ResolvedSlice {
  const [begin, end, strides] = [integers(beginV), integers(endV), integers(stridesV)];
  const count = begin.length;
  if (end.length !== count || strides.length !== count) throw new Error(`${label}: begin, end and strides differ in length`);
  const bit = (mask: number, index: number) => ((mask >> index) & 1) === 1;
  const rank = shape.length;
  let consumedBySpec = 0;
  for (let i = 0; i < count; i++) if (!bit(masks.newAxis, i) && !bit(masks.ellipsis, i)) consumedBySpec++;
  const slices: Array<AxisSlice | undefined> = new Array(rank).fill(undefined);
  const indices: number[][] = shape.map((size) => (size < 0 ? [] : Array.from({ length: size }, (_, k) => k)));
  const outputShape: number[] = [];
  let axis = 0;
  const full = (through: number) => {
    for (; axis < through; axis++) outputShape.push(shape[axis]!);
  };
  let sawEllipsis = false;
  for (let i = 0; i < count; i++) {
    if (bit(masks.ellipsis, i)) {
      if (sawEllipsis) throw new Error(`${label}: more than one ellipsis`);
      sawEllipsis = true;
      full(axis + (rank - consumedBySpec));
      continue;
    }
    if (bit(masks.newAxis, i)) {
      outputShape.push(1);
      continue;
    }
    if (axis >= rank) throw new Error(`${label}: slices more axes than the input's ${rank}`);
    const size = shape[axis]!;
    const step = strides[i]!;
    if (step === 0) throw new Error(`${label}: stride 0`);
    const shrink = bit(masks.shrink, i);
    if (size < 0) {
      const whole = !shrink && step === 1 && (bit(masks.begin, i) || begin[i] === 0) && (bit(masks.end, i) || end[i]! >= 2 ** 30);
      if (!whole) throw new UnsupportedForm(label, 'slicing the batch axis');
      outputShape.push(-1);
      axis++;
      continue;
    }
    let start: number;
    let stop: number;
    if (shrink) {
      start = begin[i]! < 0 ? begin[i]! + size : begin[i]!;
      if (start < 0 || start >= size) throw new Error(`${label}: index ${begin[i]} out of range for an axis of ${size}`);
      stop = start + 1;
    } else {
      const [low, high] = step > 0 ? [0, size] : [-1, size - 1];
      const clamp = (value: number) => Math.min(Math.max(value < 0 ? value + size : value, low), high);
      start = bit(masks.begin, i) ? (step > 0 ? 0 : size - 1) : clamp(begin[i]!);
      stop = bit(masks.end, i) ? (step > 0 ? size : -1) : clamp(end[i]!);
    }
    const taken: number[] = [];
    if (shrink) taken.push(start);
    else for (let k = start; step > 0 ? k < stop : k > stop; k += step) taken.push(k);
    slices[axis] = { start, end: stop, step: shrink ? 1 : step };
    indices[axis] = taken;
    if (!shrink) outputShape.push(taken.length);
    axis++;
  }
  full(rank);
  return { slices, indices, outputShape };
}
