import type { ParamSpec } from '../types.js';

/** A target as the suite gives it: a class index or a rule choosing one per sample. */
export type TargetSpec = 'least-likely' | 'random' | 'next' | number;

/**
 * The `target` parameter shared by targeted-capable attacks: `least-likely` (the class with the
 * lowest clean logit), `random` (a seeded random class per sample), `next` ((label + 1) mod K), or
 * a class index. Never the true class: samples whose label is the fixed target are not attacked.
 */
export const targetParam = {
  type: 'target',
  description: 'make it targeted: least-likely | random | next | <class index> (never the true class)',
} as const satisfies ParamSpec;
