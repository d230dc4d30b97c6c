import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../../src/model/classifier.js';
import { project, type Norm } from '../../src/tensor/norms.js';
import { batchDraws, streamKey } from '../../src/tensor/random.js';
import type { AttackContext } from '../types.js';

/** What {@link createAttackContext} needs: one batch of one attack at one budget. */
export interface AttackContextInput {
  classifier: Classifier;
  /** Clean inputs `[n, ...inputShape]`. */
  x: tf.Tensor;
  /** Labels, int32 `[n]`. */
  labels: tf.Tensor1D;
  /** Target class per row when the attack is targeted. */
  targets?: Int32Array;
  /** ε in input units, or a corruption severity. */
  budget: number;
  /** `epsilon`: proposals are projected onto the ε-ball and the box; `severity`: only clipped to the box. */
  budgetKind: 'epsilon' | 'severity';
  norm: Norm;
  /** The attack's parameters (defaults are filled in by `defineAttack`). */
  params: Record<string, unknown>;
  /** Suite seed, attack id and the rows' dataset indices key the per-sample random streams. */
  seed: number;
  attackId: string;
  sampleIndices: readonly number[];
  /** Replaces the ε-ball projection of `candidate` around `centre` (tests of broken attacks that skip it). */
  projectOnto?(centre: tf.Tensor, candidate: tf.Tensor): tf.Tensor;
  warn?(message: string): void;
  memo?(purpose: string, compute: () => tf.Tensor): tf.Tensor;
  tally?(stat: string, perRow: ArrayLike<number>): void;
}

/**
 * The attack context of one batch, as the runner and the attack tests build it: seeded draws
 * keyed by suite seed, attack id, purpose and dataset index (docs/reliability.md A8), and the
 * runner's projection (ε-ball and box, or the box alone for severities) around the batch's rows.
 * Call it inside `tf.tidy`: the target tensor and every draw and projection belong to the caller.
 */
export function createAttackContext(input: AttackContextInput): AttackContext {
  const { classifier, x, budget, norm } = input;
  const bounds = classifier.inputRange;
  const n = x.shape[0]!;
  const length = n === 0 ? 0 : x.size / n;
  const ball = input.projectOnto ?? ((centre: tf.Tensor, candidate: tf.Tensor) => project(centre, candidate, budget, norm, bounds));
  return {
    classifier, x, labels: input.labels, budget, norm, bounds, params: input.params,
    ...(input.targets ? { targets: tf.tensor1d(input.targets, 'int32') } : {}),
    draws: (purpose, kind) => tf.tensor(batchDraws(streamKey(input.seed, input.attackId, purpose), input.sampleIndices, length, kind), x.shape),
    project: (candidate, rows) => input.budgetKind === 'epsilon'
      ? ball(rows ? tf.gather(x, tf.tensor1d(rows, 'int32')) : x, candidate)
      : candidate.clipByValue(bounds[0], bounds[1]),
    ...(input.warn ? { warn: input.warn } : {}),
    ...(input.memo ? { memo: input.memo } : {}),
    ...(input.tally ? { tally: input.tally } : {}),
  };
}
