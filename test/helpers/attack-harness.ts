import * as tf from '@tensorflow/tfjs';
import type { AttackDefinition } from '../../attacks/types.js';
import { attackRegistry } from '../../attacks/registry.js';
import { InMemoryDataset } from '../../src/data/dataset.js';
import type { Classifier } from '../../src/model/classifier.js';
import { executeCase, type CaseOutcome } from '../../src/runner/execute-case.js';
import type { ResolvedAttack } from '../../src/suite/types.js';
import { project, type Norm } from '../../src/tensor/norms.js';
import { batchDraws, streamKey } from '../../src/tensor/random.js';

/** Builds a resolved attack with the definition's defaults and overrides. */
export function resolvedAttack(type: string, norm: Norm, budgets: number[], params: Record<string, unknown> = {}): { attack: ResolvedAttack; definition: AttackDefinition } {
  const definition = attackRegistry[type]!;
  const defaults = Object.fromEntries(Object.entries(definition.params).filter(([, spec]) => spec.default !== undefined).map(([name, spec]) => [name, spec.default]));
  return {
    definition,
    attack: { id: type, type, norm, budgetKind: definition.budget === 'epsilons' ? 'epsilon' : 'severity', budgets, params: { ...defaults, ...params } },
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
  const proposal = tf.tidy(() => definition.propose({
    classifier: input.classifier, x, labels, budget: input.budget, norm: input.norm, bounds: input.classifier.inputRange,
    params: attack.params,
    project: (candidate, rows) => project(rows ? tf.gather(x, tf.tensor1d(rows, 'int32')) : x, candidate, input.budget, input.norm, input.classifier.inputRange),
    draws: (purpose, kind) => tf.tensor(batchDraws(streamKey(1, attack.id, purpose), Array.from({ length: n }, (_, i) => i), input.x.length / n, kind), x.shape),
  }));
  labels.dispose();
  return { x, proposal };
}
