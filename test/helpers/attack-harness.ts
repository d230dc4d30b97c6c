import * as tf from '@tensorflow/tfjs';
import { createAttackContext } from '../../attacks/core/attack-context.js';
import { withDefaults } from '../../attacks/core/define-attack.js';
import type { AttackDefinition } from '../../attacks/types.js';
import { attackRegistry } from '../../attacks/registry.js';
import { InMemoryDataset } from '../../src/data/dataset.js';
import type { Classifier } from '../../src/model/classifier.js';
import { executeCase, type CaseOutcome } from '../../src/runner/execute-case.js';
import type { ResolvedAttack } from '../../src/suite/types.js';
import type { Norm } from '../../src/tensor/norms.js';

/** Builds a resolved attack with the definition's defaults and overrides. */
export function resolvedAttack(type: string, norm: Norm, budgets: number[], params: Record<string, unknown> = {}): { attack: ResolvedAttack; definition: AttackDefinition } {
  const definition = attackRegistry[type]!;
  return {
    definition,
    attack: { id: type, type, norm, budgetKind: definition.budget === 'epsilons' ? 'epsilon' : 'severity', budgets, params: withDefaults(definition.params, params) },
  };
}

/** Runs one case through the real runner code on in-memory data; returns outcome and adversarials. */
export async function runCase(input: {
  classifier: Classifier; x: Float32Array; labels: Int32Array; type: string; norm: Norm; budget: number;
  params?: Record<string, unknown>; seed?: number; batchSize?: number;
}): Promise<CaseOutcome> {
  const { attack, definition } = resolvedAttack(input.type, input.norm, [input.budget], input.params);
  const dataset = new InMemoryDataset(input.classifier.inputShape, input.x, input.labels);
  return executeCase({
    classifier: input.classifier, dataset, attack, definition, budget: input.budget,
    sampleIndices: Array.from({ length: dataset.size }, (_, i) => i), labels: input.labels,
    seed: input.seed ?? 1, batchSize: input.batchSize ?? 64,
  });
}

/**
 * Calls an attack's `propose` directly with the runner's projection and seeded draws, returning
 * the clean input tensor (to check it was not mutated) and the proposal. Callers dispose both.
 */
export function proposeDirect(input: {
  classifier: Classifier; x: Float32Array; labels: Int32Array; type: string; norm: Norm; budget: number; params?: Record<string, unknown>;
}): { x: tf.Tensor; proposal: tf.Tensor } {
  const { attack, definition } = resolvedAttack(input.type, input.norm, [input.budget], input.params);
  const n = input.labels.length;
  const x = tf.tensor(input.x, [n, ...input.classifier.inputShape]);
  const labels = tf.tensor1d(input.labels, 'int32');
  const proposal = tf.tidy(() => definition.propose(createAttackContext({
    classifier: input.classifier, x, labels, budget: input.budget, budgetKind: attack.budgetKind, norm: input.norm, params: attack.params,
    seed: 1, attackId: attack.id, sampleIndices: Array.from({ length: n }, (_, i) => i),
  })));
  labels.dispose();
  return { x, proposal };
}
