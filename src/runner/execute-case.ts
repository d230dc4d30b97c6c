import * as tf from '@tensorflow/tfjs';
import { createAttackContext } from '../../attacks/core/attack-context.js';
import type { AttackDefinition } from '../../attacks/types.js';
import { indexBatches, sampleLength, type Dataset } from '../data/dataset.js';
import { RuntimeFailure } from '../errors.js';
import { measurePerturbation, type PerturbationSize } from '../metrics/perturbation-size.js';
import type { Classifier } from '../model/classifier.js';
import type { ResolvedAttack } from '../suite/types.js';
import { exceedsBall } from '../tensor/norms.js';
import { streamKey } from '../tensor/random.js';
import { chooseTargets, type TargetSpec } from './targets.js';
import { batchMemo, type CaseMemo } from './case-memo.js';
import { captureCandidates, chooseExamples, type ExampleCandidate, type ExampleCandidates } from './examples.js';
import { examplesPerCase, type AdversarialExample } from '../report/report-types.js';
import { tidyValues } from '../tensor/tidy-values.js';

/** Inputs of one attack × budget case. */
export interface CaseInput {
  classifier: Classifier;
  dataset: Dataset;
  attack: ResolvedAttack;
  definition: AttackDefinition;
  budget: number;
  /** Dataset indices of the samples to attack (clean-correct and not yet broken). */
  sampleIndices: number[];
  /** Label per sample in `sampleIndices`. */
  labels: Int32Array;
  seed: number;
  batchSize: number;
  signal?: AbortSignal;
  onBatch?: (done: number, robustSoFar: number) => void;
  /** Rows the attack memoised at earlier budgets of this attack run (`context.memo`), read only. */
  memo?: CaseMemo;
  /** Receives the attack's warnings (`context.warn`), e.g. zero or NaN input gradients. */
  onWarning?: (message: string) => void;
  /** Return the exact adversarial inputs (`--save-adversarials`); they cost memory, so off by default. */
  keepAdversarials?: boolean;
  /** A chunk of a larger case: leave `examples` empty, the caller captures them from the merged candidates. */
  deferExamples?: boolean;
}

/** Per-sample outcome of a case, aligned with `sampleIndices`. */
export interface CaseOutcome {
  robust: Uint8Array;
  /** Targeted attacks only: 1 where the final prediction is the sample's target class. */
  hits?: Uint8Array;
  /** Predicted class on the final perturbed input, per sample. */
  predictions: Int32Array;
  /** Softmax probabilities on the final perturbed input, row-major `[n, classes]`. */
  probabilities: Float32Array;
  /** Display examples: the first samples this case broke, topped up with the first attacked. */
  examples: AdversarialExample[];
  /** Up to `examplesPerCase` broken and unbroken candidates each, in sample order (for merging chunks). */
  exampleCandidates: ExampleCandidates;
  sizes: PerturbationSize[];
  /** False when the case stopped early (abort); outcomes past `completed` are meaningless. */
  finished: boolean;
  /** Rows the attack memoised in this case, to pass to later budgets of the same attack run. */
  memo?: CaseMemo;
  /**
   * Minimisation attacks only: per sample, the size (attack norm, float64, measured here) of the
   * attack's minimal adversarial after box clipping, when a fresh forward pass confirms it
   * succeeds; `Infinity` otherwise. Independent of the budget.
   */
  minimal?: Float64Array;
  /** With `keepAdversarials`: the exact float32 inputs evaluated, row-major `[n, ...inputShape]`. */
  adversarials?: Float32Array;
  /** Per-sample statistics the attack tallied (`context.tally`), aligned with `sampleIndices`; NaN = none. */
  stats?: Record<string, Float64Array>;
}

/**
 * Runs one attack at one budget over the given samples, batch by batch. The runner — not the
 * attack — projects every proposal onto the ε-ball and the input box, measures the perturbation
 * in float64 on the exact tensor it then feeds to the model, and re-verifies success with a fresh
 * forward pass (docs/reliability.md A1, A2, A7).
 */
export async function executeCase(input: CaseInput): Promise<CaseOutcome> {
  const { classifier, dataset, attack, definition, budget } = input;
  const norm = attack.norm ?? 'linf';
  const length = sampleLength(classifier.inputShape);
  const robust = new Uint8Array(input.sampleIndices.length);
  const target = attack.params.target as TargetSpec | undefined;
  const hits = target !== undefined ? new Uint8Array(input.sampleIndices.length) : undefined;
  const predictions = new Int32Array(input.sampleIndices.length);
  const probabilities = new Float32Array(input.sampleIndices.length * classifier.numClasses);
  const brokenExamples: ExampleCandidate[] = [];
  const robustExamples: ExampleCandidate[] = [];
  const sizes: PerturbationSize[] = [];
  const memo: CaseMemo = new Map();
  const minimal = definition.minimize ? new Float64Array(input.sampleIndices.length) : undefined;
  const adversarials = input.keepAdversarials ? new Float32Array(input.sampleIndices.length * length) : undefined;
  const stats: Record<string, Float64Array> = {};
  let position = 0;
  let robustSoFar = 0;
  for (const batchIndices of indexBatches(input.sampleIndices, input.batchSize)) {
    // Attacks are synchronous on wasm/cpu: yield so signals (Ctrl-C) and UI updates get through.
    await new Promise((resolve) => setImmediate(resolve));
    if (input.signal?.aborted) {
      return { robust, hits, predictions, probabilities, sizes, examples: [], exampleCandidates: { broken: [], robust: [] }, finished: false, memo, minimal, ...statsField(stats) };
    }
    const batch = dataset.read(batchIndices);
    const batchLabels = input.labels.subarray(position, position + batch.count);
    const [adversarial, predicted, batchTargets] = tidyValues(() => {
      const x = tf.tensor(batch.x, [batch.count, ...classifier.inputShape]);
      const labels = tf.tensor1d(batchLabels, 'int32');
      const targetClasses = target === undefined ? undefined : chooseTargets({
        spec: target, labels: batchLabels, numClasses: classifier.numClasses, sampleIndices: batch.indices,
        seedKey: streamKey(input.seed, attack.id, 'target'),
        cleanLogits: target === 'least-likely' ? classifier.logits(x).dataSync() as Float32Array : undefined,
      });
      const context = createAttackContext({
        classifier, x, labels, targets: targetClasses, budget, budgetKind: attack.budgetKind, norm, params: attack.params,
        seed: input.seed, attackId: attack.id, sampleIndices: batch.indices,
        warn: (message) => input.onWarning?.(message),
        memo: batchMemo(input.memo, memo, batch.indices, x.shape),
        tally: (stat, perRow) => tallyRows(stats, stat, input.sampleIndices.length, position, perRow),
      });
      if (definition.minimize && minimal) {
        // The minimal adversarial is measured here, on the clipped tensor, and re-verified.
        const found = definition.minimize(context).clipByValue(classifier.inputRange[0], classifier.inputRange[1]);
        const succeeded = (context.targets ? classifier.logits(found).argMax(1).equal(context.targets) : classifier.logits(found).argMax(1).notEqual(labels)).dataSync();
        const values = found.dataSync();
        for (let row = 0; row < batch.count; row++) {
          minimal[position + row] = succeeded[row] ? measurePerturbation(batch.x, values, row * length, length)[norm] : Infinity;
        }
      }
      // Attacks may `tf.keep` their result to survive their own loops: dispose it explicitly.
      const proposal = definition.propose(context);
      const final = context.project(proposal);
      if (proposal !== final) proposal.dispose();
      const logits = classifier.logits(final);
      probabilities.set(logits.softmax().dataSync(), position * classifier.numClasses);
      return [final.dataSync() as Float32Array, logits.argMax(1).dataSync(), targetClasses] as const;
    });
    adversarials?.set(adversarial, position * length);
    for (let row = 0; row < batch.count; row++) {
      const offset = row * length;
      const size = measurePerturbation(batch.x, adversarial, offset, length);
      const [low, high] = classifier.inputRange;
      // The model sees float32: a box end float32 cannot hold exactly (e.g. -0.3) is clipped to
      // its nearest float32, which is where a value at the bound really lies.
      const [boxLow, boxHigh] = [Math.min(low, Math.fround(low)), Math.max(high, Math.fround(high))];
      for (let i = offset; i < offset + length; i++) {
        const value = adversarial[i]!;
        if (!Number.isFinite(value)) {
          throw new RuntimeFailure('ATTACK_NAN', `Attack "${attack.id}" produced a non-finite input for sample ${batch.indices[row]} at ${budget}.`);
        }
        if (value < boxLow || value > boxHigh) {
          throw new RuntimeFailure('BOX_VIOLATION', `Attack "${attack.id}" left the input range [${low}, ${high}] for sample ${batch.indices[row]} (value ${value}). This is a bug in robustcheck; please report it.`);
        }
      }
      if (attack.budgetKind === 'epsilon' && exceedsBall(size[norm], budget)) {
        throw new RuntimeFailure('BUDGET_VIOLATION', `Attack "${attack.id}" left the ε-ball for sample ${batch.indices[row]}: ‖δ‖ = ${size[norm]} > ε = ${budget} (${norm}). This is a bug in robustcheck; please report it.`);
      }
      const isRobust = predicted[row] === batchLabels[row] ? 1 : 0;
      robust[position + row] = isRobust;
      predictions[position + row] = predicted[row]!;
      if (hits && batchTargets) hits[position + row] = predicted[row] === batchTargets[row] ? 1 : 0;
      robustSoFar += isRobust;
      sizes.push(size);
    }
    // Keep the first broken samples (what reviewers want to see), else the first attacked ones.
    for (const [pool, wantBroken] of [[brokenExamples, true], [robustExamples, false]] as const) {
      for (let row = 0; row < batch.count && pool.length < examplesPerCase; row++) {
        if ((robust[position + row] === 0) !== wantBroken) continue;
        pool.push({
          index: batch.indices[row]!, label: batchLabels[row]!,
          clean: batch.x.slice(row * length, (row + 1) * length), adversarial: adversarial.slice(row * length, (row + 1) * length),
        });
      }
    }
    position += batch.count;
    input.onBatch?.(position, robustSoFar);
  }
  const exampleCandidates = { broken: brokenExamples, robust: robustExamples };
  const examples = input.deferExamples ? [] : captureCandidates(classifier, chooseExamples([exampleCandidates]));
  return { robust, hits, predictions, probabilities, sizes, examples, exampleCandidates, finished: true, memo, minimal, adversarials, ...statsField(stats) };
}

/**
 * Adds one batch's tally of `stat` into the case's per-sample array (created NaN-filled). Tallies
 * of one stat in one batch add up (a cascade's members each report the queries they spent).
 */
function tallyRows(stats: Record<string, Float64Array>, stat: string, total: number, offset: number, perRow: ArrayLike<number>): void {
  const values = (stats[stat] ??= new Float64Array(total).fill(NaN));
  for (let row = 0; row < perRow.length; row++) {
    const value = perRow[row]!;
    if (Number.isNaN(value)) continue;
    const at = offset + row;
    values[at] = Number.isNaN(values[at]!) ? value : values[at]! + value;
  }
}

/** The `stats` field of an outcome: absent when the attack tallied nothing. */
function statsField(stats: Record<string, Float64Array>): { stats?: Record<string, Float64Array> } {
  return Object.keys(stats).length > 0 ? { stats } : {};
}
