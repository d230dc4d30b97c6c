import type { AttackDefinition } from '../../../attacks/types.js';
import { InMemoryDataset } from '../../../src/data/dataset.js';
import { measurePerturbation } from '../../../src/metrics/perturbation-size.js';
import type { Classifier } from '../../../src/model/classifier.js';
import { executeCase, type CaseOutcome } from '../../../src/runner/execute-case.js';
import type { Norm } from '../../../src/tensor/norms.js';
import { resolvedAttack } from '../../helpers/attack-harness.js';
import { proposeWith } from './propose.js';
import { oscillatingBench } from './oscillating-model.js';
import { spyClassifier } from './spy-classifier.js';

/** What the audit attacks: a toy model and samples far apart, with their labels. */
export interface AuditBench {
  classifier: Classifier;
  x: Float32Array;
  labels: Int32Array;
}

/** An attack under audit: a registry type with params, possibly a mutant definition of it. */
export interface AuditSubject {
  type: string;
  norm: Norm;
  params: Record<string, unknown>;
  definition?: AttackDefinition;
  /** ε values: a small one, one where the spy runs (below half the samples' separation), a generous one. */
  epsilons: [number, number, number];
  /**
   * Parameters for a run on {@link oscillatingBench} at L∞ ε = 0.4 (iterative attacks): there
   * fixed-size steps cross a thin adversarial slab and leave it again.
   */
  oscillation?: Record<string, unknown>;
}

/** Names of the audit's checks, each a way a broken attack shows. */
export type AuditCheck = 'raw-ball' | 'raw-box' | 'strength' | 'keeps-adversarials';

/** Runs one case of `subject` through the runner's case executor (projection, float64 measurement, re-verification). */
export async function runSubject(bench: AuditBench, subject: AuditSubject, budget: number, classifier = bench.classifier): Promise<CaseOutcome> {
  const { attack, definition } = resolvedAttack(subject.type, subject.norm, [budget], subject.params);
  const dataset = new InMemoryDataset(classifier.inputShape, bench.x, bench.labels);
  return executeCase({
    classifier, dataset, attack, definition: subject.definition ?? definition, budget, seed: 3, batchSize: 32,
    sampleIndices: Array.from({ length: dataset.size }, (_, i) => i), labels: bench.labels,
  });
}

const brokenCount = (outcome: CaseOutcome) => outcome.robust.reduce((sum, robust) => sum + 1 - robust, 0);

/**
 * The checks a trustworthy gradient attack passes, returning the names of those it fails:
 * - `raw-ball` / `raw-box`: its own proposal (before the runner re-projects) lies in the ε-ball
 *   and the input box at every ε (docs/reliability.md A1, A2);
 * - `strength`: at the generous ε it breaks at least half the samples and at least as many as
 *   FGSM (B12, C17);
 * - `keeps-adversarials`: it never reports robust a sample for which it evaluated a feasible,
 *   clearly misclassified point (best iterate, not last; AutoAttack's rule) — on the bench and,
 *   for iterative attacks, on a model whose adversarial region ascent crosses and leaves.
 */
export async function auditAttack(bench: AuditBench, subject: AuditSubject): Promise<AuditCheck[]> {
  const failures = new Set<AuditCheck>();
  const n = bench.labels.length;
  const length = bench.x.length / n;
  const [low, high] = bench.classifier.inputRange;
  for (const epsilon of subject.epsilons) {
    const { x, proposal } = proposeWith({ ...bench, type: subject.type, norm: subject.norm, budget: epsilon, params: subject.params, definition: subject.definition });
    const values = proposal.dataSync();
    for (let row = 0; row < n; row++) {
      if (measurePerturbation(bench.x, values, row * length, length)[subject.norm] > epsilon + 1e-6) failures.add('raw-ball');
    }
    if (values.some((value) => !(value >= low && value <= high))) failures.add('raw-box');
    x.dispose();
    proposal.dispose();
  }
  const generous = subject.epsilons[2];
  const broken = brokenCount(await runSubject(bench, subject, generous));
  const fgsm = brokenCount(await runSubject(bench, { type: 'fgsm', norm: subject.norm, params: {}, epsilons: subject.epsilons }, generous));
  if (broken < Math.max(fgsm, n / 2)) failures.add('strength');
  if (await losesAdversarials(bench, subject, subject.epsilons[1])) failures.add('keeps-adversarials');
  if (subject.oscillation) {
    const oscillating = { ...subject, norm: 'linf' as const, params: { ...subject.params, ...subject.oscillation } };
    if (await losesAdversarials(oscillatingBench(), oscillating, 0.4)) failures.add('keeps-adversarials');
  }
  return [...failures].sort();
}

/** Whether the attack reports robust a sample for which it evaluated a feasible, clearly misclassified point. */
async function losesAdversarials(bench: AuditBench, subject: AuditSubject, epsilon: number): Promise<boolean> {
  const spied = spyClassifier(bench.classifier, bench.x, bench.labels, epsilon, subject.norm);
  const outcome = await runSubject(bench, subject, epsilon, spied.classifier);
  return Array.from(spied.seen).some((seen, i) => seen === 1 && outcome.robust[i] === 1);
}
