import { int } from '../../onnx/ir.js';
import type { Emitter } from '../emitter.js';
import { resolveReshape } from '../host-ops.js';
import { normAxis, sizeOf, UnsupportedForm, type DynValue } from '../values.js';

/**
 * TF Reshape/Flatten of a graph value: flattening order is the logical (NHWC) order, so the
 * value is first moved to its logical layout. The batch axis must stay axis 0: a target whose
 * first entry is −1 (or whose other entries hold one sample exactly) keeps it.
 */
export function emitReshape(em: Emitter, input: DynValue, target: readonly number[], label: string): DynValue {
  const sample = sizeOf(input.shape.slice(1));
  let rest: number[];
  if (target[0] === -1 && !target.slice(1).includes(-1)) rest = target.slice(1);
  else if (target[0] === -1) rest = resolveReshape(target.slice(1), sample);
  else if (!target.includes(-1) && sizeOf(target.slice(1)) === sample) rest = target.slice(1);
  else if (target.slice(1).includes(-1) && target[0] !== -1) throw new UnsupportedForm(label, `target [${target.join(', ')}] folds the batch axis`);
  else throw new UnsupportedForm(label, `target [${target.join(', ')}] changes the batch axis`);
  if (sizeOf(rest) !== sample) throw new Error(`${label}: cannot reshape [${input.shape.join(', ')}] to [${target.join(', ')}]`);
  const shape = [-1, ...rest];
  const x = em.toPlain(input);
  if (x.shape.length === shape.length && x.shape.every((dim, axis) => dim === shape[axis])) return x;
  const out = em.reshape(x, shape, shape.map((_, axis) => axis));
  if (shape.length === 2 && x !== input) em.flattened.set(out.name, input);
  return out;
}

/** TF Squeeze: drops size-1 logical axes (all of them when `axes` is empty) by reshaping the physical layout. */
export function emitSqueeze(em: Emitter, x: DynValue, axesIn: readonly number[], label: string): DynValue {
  const rank = x.shape.length;
  const axes = axesIn.length > 0
    ? axesIn.map((axis) => normAxis(axis, rank))
    : x.shape.map((dim, axis) => (dim === 1 && axis > 0 ? axis : -1)).filter((axis) => axis > 0);
  if (axes.includes(0)) throw new UnsupportedForm(label, 'squeezing the batch axis');
  for (const axis of axes) if (x.shape[axis] !== 1) throw new Error(`${label}: axis ${axis} has size ${x.shape[axis]}, not 1`);
  if (axes.length === 0) return x;
  const kept = x.shape.map((_, axis) => axis).filter((axis) => !axes.includes(axis));
  const perm = x.perm.filter((axis) => !axes.includes(axis)).map((axis) => kept.indexOf(axis));
  return em.reshape(x, kept.map((axis) => x.shape[axis]!), perm);
}

/** TF ExpandDims: a new size-1 logical axis, placed last physically (a size-1 axis costs no data movement). */
export function emitExpandDims(em: Emitter, x: DynValue, axisIn: number, label: string): DynValue {
  const axis = normAxis(axisIn, x.shape.length + 1);
  if (axis === 0) throw new UnsupportedForm(label, 'a new axis before the batch axis');
  const shape = [...x.shape.slice(0, axis), 1, ...x.shape.slice(axis)];
  const perm = [...x.perm.map((old) => (old >= axis ? old + 1 : old)), axis];
  return em.reshape(x, shape, perm);
}

/**
 * TF Transpose (output axis j = input axis p[j]) without moving data: only the recorded layout
 * changes, and the next op that needs a particular layout transposes once.
 */
export function emitTranspose(x: DynValue, p: readonly number[], label: string): DynValue {
  if (p.length !== x.shape.length || [...p].sort((a, b) => a - b).some((axis, index) => axis !== index)) {
    throw new Error(`${label}: [${p.join(', ')}] is not a permutation of ${x.shape.length} axes`);
  }
  if (p[0] !== 0) throw new UnsupportedForm(label, 'moves the batch axis');
  return { kind: 'dyn', name: x.name, shape: p.map((axis) => x.shape[axis]!), perm: x.perm.map((axis) => p.indexOf(axis)) };
}

/** TF ConcatV2 of graph values along logical `axis` (all moved to the first's layout). */
export function emitConcat(em: Emitter, parts: readonly DynValue[], axisIn: number, label: string): DynValue {
  const first = parts[0]!;
  const rank = first.shape.length;
  const axis = normAxis(axisIn, rank);
  if (axis === 0) throw new UnsupportedForm(label, 'concatenation along the batch axis');
  if (parts.some((part) => part.shape.length !== rank)) throw new Error(`${label}: inputs of different ranks`);
  const laid = parts.map((part) => em.toPerm(part, first.perm));
  const shape = [...first.shape];
  shape[axis] = parts.reduce((sum, part) => sum + part.shape[axis]!, 0);
  if (parts.length === 1) return first;
  const name = em.builder.node('Concat', laid.map((part) => part.name), { axis: int(first.perm.indexOf(axis)) }, 'concat');
  return { kind: 'dyn', name, shape, perm: [...first.perm] };
}

/** TF Pad/PadV2 with a constant: `paddings[axis] = [before, after]` in logical axes, remapped to physical. */
export function emitPad(em: Emitter, x: DynValue, paddings: ReadonlyArray<readonly [number, number]>, value: number, label: string): DynValue {
  const rank = x.shape.length;
  if (paddings.length !== rank) throw new Error(`${label}: ${paddings.length} paddings for rank ${rank}`);
  if (paddings[0]![0] !== 0 || paddings[0]![1] !== 0) throw new UnsupportedForm(label, 'padding the batch axis');
  if (paddings.some(([before, after]) => before < 0 || after < 0)) throw new UnsupportedForm(label, 'negative padding');
  if (paddings.every(([before, after]) => before === 0 && after === 0)) return x;
  const begins = x.perm.map((axis) => paddings[axis]![0]);
  const ends = x.perm.map((axis) => paddings[axis]![1]);
  const name = em.builder.node('Pad', [x.name, em.int64Init([...begins, ...ends], 'pads'), em.scalarInit(value, 'pad_value')], { mode: { kind: 'string', value: 'constant' } }, 'pad');
  const spatialOnly = rank === 4 && paddings[3]![0] === 0 && paddings[3]![1] === 0;
  if (value === 0 && spatialOnly) em.zeroPads.set(name, { source: x, spatial: [paddings[1]![0], paddings[1]![1], paddings[2]![0], paddings[2]![1]] });
  return { kind: 'dyn', name, shape: x.shape.map((dim, axis) => (axis === 0 ? dim : dim + paddings[axis]![0] + paddings[axis]![1])), perm: [...x.perm] };
}

/** One axis of a static slice: `start`, `end` (exclusive, may be negative for a backward step), `step`. */
export interface AxisSlice {
  start: number;
  end: number;
  step: number;
}

/**
 * A static slice of logical axes (TF StridedSlice after its masks are resolved, Keras Cropping):
 * step-1 ranges as one ONNX Slice on the physical axes they touch; strided or reversed axes as a
 * product with a 0/1 selection matrix (exact, and differentiable by the gradient builder, which
 * takes Slice only with unit steps); then a reshape to `finalShape` when axes are dropped or added.
 */
export function emitSlice(em: Emitter, x: DynValue, slices: ReadonlyArray<AxisSlice | undefined>, finalShape: readonly number[] | undefined, label: string): DynValue {
  const starts: number[] = [];
  const ends: number[] = [];
  const axes: number[] = [];
  const shape = [...x.shape];
  const strided: Array<{ axis: number; slice: AxisSlice; count: number }> = [];
  slices.forEach((slice, axis) => {
    if (slice === undefined) return;
    const count = Math.max(0, Math.ceil((slice.end - slice.start) / slice.step));
    // Only a forward slice over the whole axis is a no-op; a whole-axis reversal is not.
    if (count === shape[axis] && slice.step === 1) return;
    if (axis === 0) throw new UnsupportedForm(label, 'slicing the batch axis');
    if (count === 0) throw new UnsupportedForm(label, 'an empty slice');
    if (slice.step !== 1) {
      strided.push({ axis, slice, count });
      return;
    }
    starts.push(slice.start);
    ends.push(slice.end);
    axes.push(x.perm.indexOf(axis));
    shape[axis] = count;
  });
  let out: DynValue = x;
  if (axes.length > 0) {
    const steps = axes.map(() => 1);
    const name = em.builder.node('Slice', [x.name, em.int64Init(starts, 'starts'), em.int64Init(ends, 'ends'), em.int64Init(axes, 'axes'), em.int64Init(steps, 'steps')], {}, 'slice');
    out = { kind: 'dyn', name, shape, perm: [...x.perm] };
  }
  for (const { axis, slice, count } of strided) out = selectAlong(em, out, axis, slice, count);
  if (finalShape === undefined || (finalShape.length === out.shape.length && finalShape.every((dim, index) => dim === out.shape[index]))) return out;
  return emitReshape(em, out, finalShape, label);
}

/** Picks indices start, start+step, … of logical `axis` by a MatMul with a 0/1 matrix, the axis moved last physically. */
function selectAlong(em: Emitter, x: DynValue, axis: number, slice: AxisSlice, count: number): DynValue {
  const size = x.shape[axis]!;
  const last = [...x.perm.filter((entry) => entry !== axis), axis];
  const moved = em.toPerm(x, last);
  const selection = new Float32Array(size * count);
  for (let k = 0; k < count; k++) selection[(slice.start + k * slice.step) * count + k] = 1;
  const name = em.builder.node('MatMul', [moved.name, em.floatInit([size, count], selection, 'select')], {}, 'select');
  return { kind: 'dyn', name, shape: x.shape.map((dim, index) => (index === axis ? count : dim)), perm: last };
}
