import type { GraphNodeDef } from '../../../model/graph-topology.js';
import type { Emitter } from '../emitter.js';
import { UnsupportedForm, type ConstValue, type DynValue, type Value } from '../values.js';

/** What one GraphDef op translation sees: the node, its data inputs (control inputs dropped) and the emitter. */
export interface OpContext {
  em: Emitter;
  node: GraphNodeDef;
  inputs: Value[];
}

/** Translates one GraphDef node; returns its outputs by index (most ops have one). */
export type OpTranslator = (ctx: OpContext) => Value | Value[];

/** Input `index`, which must be a host constant (weights, axes, shapes). */
export function constInput(ctx: OpContext, index: number, what: string): ConstValue {
  const value = ctx.inputs[index];
  if (value === undefined) throw new Error(`node "${ctx.node.name}" (${ctx.node.op}) has no input ${index} (${what})`);
  if (value.kind !== 'const') throw new UnsupportedForm(ctx.node.op, `${what} depends on the input`);
  return value;
}

/** Input `index`, which must be a graph value (the data path). */
export function dynInput(ctx: OpContext, index: number): DynValue {
  const value = ctx.inputs[index];
  if (value === undefined) throw new Error(`node "${ctx.node.name}" (${ctx.node.op}) has no input ${index}`);
  if (value.kind !== 'dyn') throw new UnsupportedForm(ctx.node.op, 'constant data input');
  return value;
}
