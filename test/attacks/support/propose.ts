import * as tf from '@tensorflow/tfjs';
import { createAttackContext } from '../../../attacks/core/attack-context.js';
import type { AttackDefinition } from '../../../attacks/types.js';
import type { Classifier } from '../../../src/model/classifier.js';
import { chooseTargets, type TargetSpec } from '../../../src/runner/targets.js';
import type { Norm } from '../../../src/tensor/norms.js';
import { streamKey } from '../../../src/tensor/random.js';
import { resolvedAttack } from '../../helpers/attack-harness.js';

/** What {@link proposeWith} needs: an attack (registry type or a definition, e.g. a mutant) and a batch. */
export interface ProposeInput {
  classifier: Classifier;
  x: Float32Array;
  labels: Int32Array;
  type: string;
  norm: Norm;
  budget: number;
  params?: Record<string, unknown>;
  /** Use this definition instead of the registry's (mutants); its params get the registry defaults of `type`. */
  definition?: AttackDefinition;
  /** Replaces the runner's projection (mutants that skip it). */
  project?: (x: tf.Tensor, candidate: tf.Tensor) => tf.Tensor;
  seed?: number;
}

/** Result of {@link proposeWith}: callers dispose `x` and `proposal`. */
export interface Proposed {
  x: tf.Tensor;
  proposal: tf.Tensor;
  /** Target class per sample (targeted attacks). */
  targets?: Int32Array;
  /** Messages the attack passed to `context.warn`. */
  warnings: string[];
}

/**
 * Calls an attack's `propose` (or `minimize`) directly, like the runner does but without its
 * final projection, so tests see the raw proposal: seeded per-sample draws, the runner's
 * projection (rows included), targets chosen by the runner's own `chooseTargets`.
 */
export function proposeWith(input: ProposeInput, method: 'propose' | 'minimize' = 'propose'): Proposed {
  const { attack, definition: registered } = resolvedAttack(input.type, input.norm, [input.budget], input.params);
  const definition = input.definition ?? registered;
  const n = input.labels.length;
  const indices = Array.from({ length: n }, (_, i) => i);
  const x = tf.tensor(input.x, [n, ...input.classifier.inputShape]);
  const labels = tf.tensor1d(input.labels, 'int32');
  const target = attack.params.target as TargetSpec | undefined;
  const targets = target === undefined ? undefined : chooseTargets({
    spec: target, labels: input.labels, numClasses: input.classifier.numClasses, sampleIndices: indices,
    seedKey: streamKey(input.seed ?? 1, attack.id, 'target'),
    cleanLogits: tf.tidy(() => input.classifier.logits(x).dataSync() as Float32Array),
  });
  const warnings: string[] = [];
  const proposal = tf.tidy(() => definition[method]!(createAttackContext({
    classifier: input.classifier, x, labels, targets, budget: input.budget, budgetKind: attack.budgetKind, norm: input.norm, params: attack.params,
    seed: input.seed ?? 1, attackId: attack.id, sampleIndices: indices,
    ...(input.project ? { projectOnto: input.project } : {}),
    warn: (message) => warnings.push(message),
  })));
  labels.dispose();
  return { x, proposal, targets, warnings };
}

/** Predicted class per row of a batch. */
export function predict(classifier: Classifier, batch: tf.Tensor): Int32Array {
  return tf.tidy(() => classifier.logits(batch).argMax(1).dataSync() as Int32Array);
}
