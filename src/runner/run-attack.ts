import { noGradientCode } from '../../attacks/core/loss.js';
import type { AttackDefinition } from '../../attacks/types.js';
import { RobustcheckError } from '../errors.js';
import type { Dataset } from '../data/dataset.js';
import type { Classifier } from '../model/classifier.js';
import type { ResolvedAttack } from '../suite/types.js';
import type { AttackOutcomes, CaseOutcomes } from './attack-outcomes.js';
import type { CleanPass } from './clean-pass.js';
import { forgetSamples, mergeMemo, type CaseMemo } from './case-memo.js';
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
  /** The attack's warnings (zero/NaN gradients, no gradient at all), each message once per attack. */
  onWarning?(message: string): void;
  /** Runs one case; default `executeCase` on this thread (a worker pool splits it instead). */
  execute?: (input: CaseInput) => Promise<CaseOutcome>;
  /** `--save-adversarials`: receives each finished case's exact adversarial inputs. */
  onAdversarials?(entry: { budget: number; sampleIndices: number[]; labels: Int32Array; predictions: Int32Array; values: Float32Array }): void;
}

/**
 * Runs one attack over its ascending budgets. A sample broken at a smaller ε stays broken at
 * every larger one (its adversarial lies inside the larger ball) and is not attacked again. That
 * does not hold for corruption severities (severity 1 is not contained in severity 5), so each
 * severity is evaluated on every clean-correct sample, as ImageNet-C reports them. For a
 * targeted attack the samples that already reached their target are the ones skipped, and a
 * sample whose label is the fixed target class is never attacked. Stops early on abort; returns
 * the finished cases. Rows an attack memoises (`context.memo`: FGSM's step direction, a
 * minimisation attack's adversarial) are kept across budgets for the samples still attacked.
 * Per sample it also records the minimal perturbation found: the smallest ε that broke it (for a
 * targeted attack: reached its target), or the measured size of a minimisation attack's
 * adversarial when smaller. A model without input gradients (`NO_GRADIENT`) ends the attack with
 * a warning and `skipped` instead of failing the suite, so the remaining attacks still run.
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
  // Per-position statistics the attack tallied, carried like `sizes` to larger budgets.
  const stats: Record<string, Float64Array> = {};
  const memo: CaseMemo = new Map();
  const warned = new Set<string>();
  const warn = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    input.onWarning?.(message);
  };
  // NaN: never attacked (clean-misclassified, or labelled with the fixed target); ∞: not broken yet.
  const minimal = Float64Array.from(targeted ? targetable : clean.correct, (attackable) => (attackable ? Infinity : NaN));
  if (attack.budgetKind === 'epsilon') {
    outcomes.minimal = minimal;
    outcomes.minimalSource = input.definition.minimize ? 'minimization' : 'epsilon-sweep';
  }
  const nested = attack.budgetKind === 'epsilon';
  for (const budget of attack.budgets) {
    if (input.signal?.aborted) break;
    if (!nested) {
      broken.set(Uint8Array.from(clean.correct, (correct) => (correct ? 0 : 1)));
      hit?.fill(0);
      sizes.fill(undefined);
      predictions.set(clean.predictions);
      probabilities.set(clean.probabilities);
    }
    const positions: number[] = [];
    for (let i = 0; i < n; i++) {
      if (targeted ? targetable[i] && !hit![i] : !broken[i]) positions.push(i);
    }
    const started = performance.now();
    let result: CaseOutcome;
    try {
      result = await (input.execute ?? executeCase)({
        classifier: input.classifier, dataset: input.dataset, attack, definition: input.definition, budget,
        seed: input.seed, batchSize: input.batchSize, signal: input.signal,
        sampleIndices: positions.map((i) => indices[i]!),
        labels: Int32Array.from(positions, (i) => clean.labels[i]!),
        onBatch: (done, robustSoFar) => input.onProgress(budget, done, positions.length, robustSoFar),
        memo, onWarning: warn, keepAdversarials: input.onAdversarials !== undefined,
      });
    } catch (error) {
      if (!(error instanceof RobustcheckError && error.code === noGradientCode)) throw error;
      warn(error.message);
      outcomes.skipped = error.message;
      break;
    }
    if (!result.finished) break;
    if (input.onAdversarials && result.adversarials) {
      input.onAdversarials({
        budget, sampleIndices: positions.map((i) => indices[i]!), labels: Int32Array.from(positions, (i) => clean.labels[i]!),
        predictions: result.predictions, values: result.adversarials,
      });
    }
    mergeMemo(memo, result.memo);
    positions.forEach((position, k) => {
      const reached = hit ? result.hits?.[k] : !result.robust[k];
      if (reached) minimal[position] = Math.min(minimal[position]!, budget);
      if (result.minimal) minimal[position] = Math.min(minimal[position]!, result.minimal[k]!);
      sizes[position] = result.sizes[k];
      predictions[position] = result.predictions[k]!;
      probabilities.set(result.probabilities.subarray(k * classes, (k + 1) * classes), position * classes);
      if (!result.robust[k]) broken[position] = 1;
      if (hit && result.hits?.[k]) hit[position] = 1;
    });
    carryStats(stats, result.stats, positions, n);
    const entry: CaseOutcomes = {
      budget, robust: Uint8Array.from(broken, (flag) => (flag ? 0 : 1)), sizes: [...sizes],
      attacked: positions.length, durationMs: performance.now() - started,
      predictions: Int32Array.from(predictions), probabilities: Float32Array.from(probabilities), examples: result.examples,
      ...(hit ? { hits: Uint8Array.from(hit), targetable: Uint8Array.from(targetable) } : {}),
      ...(Object.keys(stats).length > 0 ? { stats: Object.fromEntries(Object.entries(stats).map(([name, values]) => [name, Float64Array.from(values)])) } : {}),
    };
    outcomes.cases.push(entry);
    input.onCase(entry);
    forgetSamples(memo, positions.filter((i) => (hit ? hit[i] : broken[i])).map((i) => indices[i]!));
  }
  return outcomes;
}

/**
 * Moves a case's tallied statistics into the per-position arrays: every attacked position takes
 * this case's values (NaN where the case did not tally it, e.g. a cascade member that never saw
 * the sample); positions not attacked keep what an earlier budget recorded.
 */
function carryStats(stats: Record<string, Float64Array>, fresh: Record<string, Float64Array> | undefined, positions: number[], n: number): void {
  for (const name of Object.keys(fresh ?? {})) stats[name] ??= new Float64Array(n).fill(NaN);
  for (const [name, values] of Object.entries(stats)) {
    const update = fresh?.[name];
    positions.forEach((position, k) => { values[position] = update ? update[k]! : NaN; });
  }
}
