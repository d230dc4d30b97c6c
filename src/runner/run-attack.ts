import type { AttackDefinition } from '../../attacks/types.js';
import type { Dataset } from '../data/dataset.js';
import type { Classifier } from '../model/classifier.js';
import type { ResolvedAttack } from '../suite/types.js';
import type { AttackOutcomes, CaseOutcomes } from './assemble-report.js';
import type { CleanPass } from './clean-pass.js';
import { executeCase, type CaseInput, type CaseOutcome } from './execute-case.js';

/** What one attack needs beyond the attack itself. */
export interface AttackRunInput {
  classifier: Classifier;
  dataset: Dataset;
  attack: ResolvedAttack;
  definition: AttackDefinition;
  /** Dataset index of each evaluated position. */
  indices: number[];
  clean: CleanPass;
  seed: number;
  batchSize: number;
  signal?: AbortSignal;
  onProgress(budget: number, done: number, total: number, robustSoFar: number): void;
  onCase(outcomes: CaseOutcomes): void;
  /** Runs one case; default `executeCase` on this thread (a worker pool splits it instead). */
  execute?: (input: CaseInput) => Promise<CaseOutcome>;
}

/**
 * Runs one attack over its ascending budgets. A sample broken at a smaller budget stays broken at
 * every larger one (its adversarial lies inside the larger ball) and is not attacked again; for a
 * targeted attack the samples that already reached their target are the ones skipped, and a
 * sample whose label is the fixed target class is never attacked. Stops early on abort; returns
 * the finished cases.
 */
export async function runAttack(input: AttackRunInput): Promise<AttackOutcomes> {
  const { attack, indices, clean } = input;
  const n = indices.length;
  const fixedTarget = typeof attack.params.target === 'number' ? attack.params.target : undefined;
  const targeted = attack.params.target !== undefined;
  const broken = Uint8Array.from(clean.correct, (correct) => (correct ? 0 : 1));
  const targetable = Uint8Array.from(clean.labels, (label, i) => (clean.correct[i] && label !== fixedTarget ? 1 : 0));
  const hit = targeted ? new Uint8Array(n) : undefined;
  const sizes: CaseOutcomes['sizes'] = new Array(n).fill(undefined);
  const classes = input.classifier.numClasses;
  const predictions = Int32Array.from(clean.predictions);
  const probabilities = Float32Array.from(clean.probabilities);
  const outcomes: AttackOutcomes = { attack, cases: [] };
  for (const budget of attack.budgets) {
    if (input.signal?.aborted) break;
    const positions: number[] = [];
    for (let i = 0; i < n; i++) {
      if (targeted ? targetable[i] && !hit![i] : !broken[i]) positions.push(i);
    }
    const started = performance.now();
    const result = await (input.execute ?? executeCase)({
      classifier: input.classifier, dataset: input.dataset, attack, definition: input.definition, budget,
      seed: input.seed, batchSize: input.batchSize, signal: input.signal,
      sampleIndices: positions.map((i) => indices[i]!),
      labels: Int32Array.from(positions, (i) => clean.labels[i]!),
      onBatch: (done, robustSoFar) => input.onProgress(budget, done, positions.length, robustSoFar),
    });
    if (!result.finished) break;
    positions.forEach((position, k) => {
      sizes[position] = result.sizes[k];
      predictions[position] = result.predictions[k]!;
      probabilities.set(result.probabilities.subarray(k * classes, (k + 1) * classes), position * classes);
      if (!result.robust[k]) broken[position] = 1;
      if (hit && result.hits?.[k]) hit[position] = 1;
    });
    const entry: CaseOutcomes = {
      budget, robust: Uint8Array.from(broken, (flag) => (flag ? 0 : 1)), sizes: [...sizes],
      attacked: positions.length, durationMs: performance.now() - started,
      predictions: Int32Array.from(predictions), probabilities: Float32Array.from(probabilities), examples: result.examples,
      ...(hit ? { hits: Uint8Array.from(hit), targetable: Uint8Array.from(targetable) } : {}),
    };
    outcomes.cases.push(entry);
    input.onCase(entry);
  }
  return outcomes;
}
