import type * as tf from '@tensorflow/tfjs';
import type { Emitter } from '../emitter.js';
import { UnsupportedForm, type ConstValue, type DynValue } from '../values.js';

/** What one Keras layer translation sees. */
export interface LayerContext {
  em: Emitter;
  layer: tf.layers.Layer;
  className: string;
  /** `layer.getConfig()` (camelCase keys, as tfjs-layers keeps them in memory). */
  config: Record<string, unknown>;
  inputs: DynValue[];
  /** The layer's weights by short name (`kernel`, `bias`, `gamma`, `moving_mean`, ...). */
  weights: ReadonlyMap<string, ConstValue>;
}

/** Translates one application of a layer to its output. */
export type LayerTranslator = (ctx: LayerContext) => DynValue;

/** The layer's only input. */
export function onlyInput(ctx: LayerContext): DynValue {
  if (ctx.inputs.length !== 1) throw new Error(`layer "${ctx.layer.name}" (${ctx.className}) expects one input, got ${ctx.inputs.length}`);
  return ctx.inputs[0]!;
}

/** A weight by short name; throws for a layer that should have it. */
export function weight(ctx: LayerContext, name: string): ConstValue {
  const value = ctx.weights.get(name);
  if (!value) throw new Error(`layer "${ctx.layer.name}" (${ctx.className}) has no weight "${name}" (has: ${[...ctx.weights.keys()].join(', ') || 'none'})`);
  return value;
}

/** A pair attribute (`kernelSize: 3` or `[3, 3]`). */
export function pair(value: unknown, fallback: [number, number]): [number, number] {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number') return [value, value];
  const list = value as number[];
  return [list[0]!, list[1] ?? list[0]!];
}

/** Refuses channels-first layers (tfjs only runs channels-last convolutions on CPU anyway). */
export function requireChannelsLast(ctx: LayerContext): void {
  const format = ctx.config.dataFormat;
  if (format !== undefined && format !== 'channelsLast') throw new UnsupportedForm(`${ctx.className}(${String(format)})`, 'only channels-last layers are translated');
}

/** Keras padding name to TF's. */
export function kerasPadding(ctx: LayerContext): 'SAME' | 'VALID' {
  const padding = ctx.config.padding ?? 'valid';
  if (padding === 'same') return 'SAME';
  if (padding === 'valid') return 'VALID';
  throw new UnsupportedForm(`${ctx.className}(padding=${String(padding)})`, 'causal padding');
}
