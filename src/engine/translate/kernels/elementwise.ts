import type { Emitter } from '../emitter.js';
import { broadcastShapes } from '../host-ops.js';
import { floatConst, floats, UnsupportedForm, type ConstValue, type DynValue, type Value } from '../values.js';
import { foldIntoConv } from './conv.js';

/** ONNX binary ops the translators emit (all broadcast NumPy-style, as TF does). */
export type BinaryOp = 'Add' | 'Sub' | 'Mul' | 'Div' | 'Max' | 'Min';

/**
 * Emits `a op b` where at least one side is a graph value. A constant is laid out to match the
 * graph value's physical axes; two graph values of one rank share a layout (the second is moved
 * to the first's), values of different ranks are compared in logical order.
 */
export function emitBinary(em: Emitter, op: BinaryOp, a: Value, b: Value, label: string): DynValue {
  if (a.kind === 'const' && b.kind === 'const') throw new Error(`${label}: two constants reach the graph emitter`);
  if (a.kind === 'dyn' && b.kind === 'dyn') {
    const [x, y] = a.shape.length === b.shape.length ? [a, em.toPerm(b, a.perm)] : [em.toPlain(a), em.toPlain(b)];
    const shape = broadcastShapes(x.shape, y.shape);
    return { kind: 'dyn', name: em.builder.node(op, [x.name, y.name], {}, op), shape, perm: [...x.perm] };
  }
  const [dyn, constant] = (a.kind === 'dyn' ? [a, b] : [b, a]) as [DynValue, ConstValue];
  const folded = foldChannelOp(em, op, dyn, constant, a.kind === 'const');
  if (folded) return folded;
  const constName = em.constFor(dyn, constant, label);
  const inputs = a.kind === 'dyn' ? [dyn.name, constName] : [constName, dyn.name];
  const shape = broadcastShapes(dyn.shape, constant.shape);
  if (shape.length !== dyn.shape.length) throw new UnsupportedForm(label, 'constant raises the rank');
  return { kind: 'dyn', name: em.builder.node(op, inputs, {}, op), shape, perm: [...dyn.perm] };
}

/** The constant as one value per channel of `x`'s last logical axis, when it broadcasts only along that axis. */
function perChannel(x: DynValue, constant: ConstValue): Float32Array | undefined {
  const channels = x.shape.at(-1)!;
  const shape = constant.shape;
  if (shape.length > x.shape.length || shape.slice(0, -1).some((dim) => dim !== 1)) return undefined;
  const last = shape.at(-1) ?? 1;
  if (last !== 1 && last !== channels) return undefined;
  const values = floats(constant);
  return last === channels ? values : new Float32Array(channels).fill(values[0]!);
}

/**
 * A per-channel Mul/Add/Sub/Div by a constant right after a Conv, folded into the Conv's weights
 * and bias (converter-style batch norms are such Mul/Add pairs). Undefined when it does not apply.
 */
function foldChannelOp(em: Emitter, op: BinaryOp, x: DynValue, constant: ConstValue, constFirst: boolean): DynValue | undefined {
  if (!em.convs.has(x.name) || op === 'Max' || op === 'Min' || (constFirst && op === 'Div')) return undefined;
  const values = perChannel(x, constant);
  if (!values) return undefined;
  if (op === 'Mul') return foldIntoConv(em, x, values, undefined);
  if (op === 'Add') return foldIntoConv(em, x, undefined, values);
  if (op === 'Div') return foldIntoConv(em, x, values.map((value) => 1 / value), undefined);
  // Sub: x − c, or c − x = (−1)·x + c.
  return constFirst ? foldIntoConv(em, x, new Float32Array(values.length).fill(-1), values) : foldIntoConv(em, x, undefined, values.map((value) => -value));
}

/** A per-channel constant shaped to broadcast along logical `axis` of a rank-`rank` value. */
export function channelConst(values: Float32Array, rank: number, axis: number): ConstValue {
  const shape = new Array<number>(rank).fill(1);
  shape[axis] = values.length;
  return floatConst(shape, values);
}

/** `x·scale + shift` per channel of logical `axis` (batch norms, preprocessing); skips identity halves. */
export function emitChannelAffine(em: Emitter, x: DynValue, scale: Float32Array, shift: Float32Array, axis: number, label: string): DynValue {
  if (x.shape[axis] !== scale.length || scale.length !== shift.length) {
    throw new Error(`${label}: ${scale.length} scales and ${shift.length} shifts for an axis of ${x.shape[axis]}`);
  }
  let out = x;
  if (scale.some((value) => value !== 1)) out = emitBinary(em, 'Mul', out, channelConst(scale, x.shape.length, axis), label);
  if (shift.some((value) => value !== 0)) out = emitBinary(em, 'Add', out, channelConst(shift, x.shape.length, axis), label);
  return out;
}
