import { convLayers } from './conv-layers.js';
import { coreLayers } from './core-layers.js';
import type { LayerTranslator } from './layer-context.js';
import { mergeLayers } from './merge-layers.js';
import { normPoolLayers } from './norm-pool-layers.js';

/** Every Keras layer class the translator takes (besides InputLayer and nested models), by class name. */
export const layerTable: ReadonlyMap<string, LayerTranslator> = new Map(Object.entries({
  ...convLayers, ...coreLayers, ...normPoolLayers, ...mergeLayers,
}));
