import * as tf from '@tensorflow/tfjs';
import type { AttackContext } from '../types.js';
import { gatherRows } from './best-so-far.js';
import { tidyValues } from '../../src/tensor/tidy-values.js';

/**
 * The context of an attack run on some rows of a batch (a member of a cascade, one target round
 * of APGD-T), with its own random streams: draws are keyed by `prefix/purpose`, so members never
 * reuse each other's randomness and a sample's draws do not depend on which rows run with it.
 * Projection and tallies map back to the parent's rows. Call `dispose` when done.
 */
export function subContext(parent: AttackContext, rows: number[], prefix: string, overrides: { targets?: tf.Tensor1D; params?: Record<string, unknown> } = {}): { context: AttackContext; dispose(): void } {
  const n = parent.x.shape[0]!;
  const all = rows.length === n;
  const x = all ? parent.x : gatherRows(parent.x, rows);
  const labels = all ? parent.labels : gatherRows(parent.labels, rows);
  const targets = overrides.targets ?? (parent.targets ? (all ? parent.targets : gatherRows(parent.targets, rows)) : undefined);
  const owned = all ? [] : [x, labels, ...(parent.targets && !overrides.targets ? [targets!] : [])];
  const context: AttackContext = {
    classifier: parent.classifier, x, labels, budget: parent.budget, norm: parent.norm, bounds: parent.bounds,
    params: overrides.params ?? parent.params,
    ...(targets ? { targets } : {}),
    draws: (purpose, kind) => tf.tidy(() => {
      const draws = parent.draws(`${prefix}/${purpose}`, kind);
      return all ? draws : gatherRows(draws, rows);
    }),
    project: (candidate, subRows) => parent.project(candidate, subRows ? subRows.map((r) => rows[r]!) : (all ? undefined : rows)),
    ...(parent.warn ? { warn: (message: string) => parent.warn!(message) } : {}),
    ...(parent.tally ? {
      tally: (stat: string, perRow: ArrayLike<number>) => {
        const full = new Float64Array(n).fill(NaN);
        rows.forEach((row, k) => { full[row] = perRow[k]!; });
        parent.tally!(stat, full);
      },
    } : {}),
  };
  return { context, dispose: () => tf.dispose(owned) };
}

/** Predictions argmax ≠ label per row of `candidate` (1 = broken), read back to the CPU. */
export function brokenRows(context: AttackContext, candidate: tf.Tensor): Uint8Array {
  return Uint8Array.from(tidyValues(() => context.classifier.logits(candidate).argMax(1).notEqual(context.labels).dataSync()));
}
