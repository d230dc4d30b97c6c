import * as tf from '@tensorflow/tfjs';
import type { AttackContext } from '../types.js';
import { gatherRows } from './best-so-far.js';

/**
 * The part of a batch an attack loop still works on: clean inputs, labels and targets of some
 * batch rows, with the runner's projection and seeded draws restricted to them. For the whole
 * batch it is the context itself (nothing copied).
 */
export interface RowView {
  /** Batch rows held, ascending. */
  rows: number[];
  x: tf.Tensor;
  labels: tf.Tensor1D;
  targets?: tf.Tensor1D;
  /** Projection of candidates for these rows onto their ε-balls and the box. */
  project(candidate: tf.Tensor): tf.Tensor;
  /** The context's per-sample draws for these rows. */
  draws(purpose: string, kind: 'uniform' | 'normal'): tf.Tensor;
  /** Frees what the view copied (never the context's own tensors). */
  dispose(): void;
}

/** A view of `rows` of the context's batch (all rows: the context's tensors, uncopied). */
export function viewRows(context: AttackContext, rows: number[]): RowView {
  const all = rows.length === context.x.shape[0];
  if (all) {
    return {
      rows, x: context.x, labels: context.labels, targets: context.targets,
      project: (candidate) => context.project(candidate),
      draws: (purpose, kind) => context.draws(purpose, kind),
      dispose: () => undefined,
    };
  }
  const x = gatherRows(context.x, rows);
  const labels = gatherRows(context.labels, rows);
  const targets = context.targets ? gatherRows(context.targets, rows) : undefined;
  return {
    rows, x, labels, targets,
    project: (candidate) => context.project(candidate, rows),
    draws: (purpose, kind) => tf.tidy(() => gatherRows(context.draws(purpose, kind), rows)),
    dispose: () => tf.dispose([x, labels, ...(targets ? [targets] : [])]),
  };
}
