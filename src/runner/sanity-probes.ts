/**
 * Runtime measurements behind the sanity checks (docs/reliability.md C13–C19), taken on the first
 * evaluated samples (at most {@link probeSampleLimit}), deterministically: raw outputs (C13), two
 * forward passes (C14), input gradients of the cross-entropy and the logit margin (C15), a
 * gradient attack at half the input range (C19), and uniform noise at a gradient attack's norm
 * and largest ε where the suite has no noise to compare with (C18). The checks themselves are
 * pure functions in `src/metrics/sanity/`.
 */
import * as tf from '@tensorflow/tfjs';
import { asRows } from '../tensor/rows.js';
import { findAttack } from '../../attacks/registry.js';
import { attackLoss, inputGradient, noGradientCode } from '../../attacks/core/loss.js';
import type { AttackDefinition } from '../../attacks/types.js';
import { indexBatches, type Dataset } from '../data/dataset.js';
import { RobustcheckError } from '../errors.js';
import { determinismTolerance } from '../metrics/sanity/deterministic-outputs.js';
import { compareNoise, gradientAttacksAt, suiteNoiseComparisons, type OutcomeView } from '../metrics/sanity/noise-vs-gradient.js';
import type { AttackTraits } from '../metrics/sanity/types.js';
import type { NoiseComparison, SanityProbes } from '../report/sanity-probe-types.js';
import type { Classifier } from '../model/classifier.js';
import type { ResolvedAttack } from '../suite/types.js';
import { encodeOutcomes } from '../report/sample-codec.js';
import type { AttackOutcomes } from './attack-outcomes.js';
import type { CleanPass } from './clean-pass.js';
import { executeCase } from './execute-case.js';

/** Most samples the probes look at: enough to see masking, cheap next to the attacks. */
export const probeSampleLimit = 128;

/** Settings of the C19 probe: PGD on the margin loss (no saturation), no random start (so only gradients move it). */
export const largeEpsilonProbe = { type: 'pgd', steps: 10, relativeStepSize: 0.25, loss: 'margin' } as const;

/** Draws per sample of the C18 noise probe (the first that breaks a sample is kept). */
export const noiseProbeRepeats = 4;

/** Tolerance of "sums to 1" for probability rows (docs/reliability.md C13). */
const sumTolerance = 1e-5;

/** What the probes need from a suite run. */
export interface ProbeInput {
  classifier: Classifier;
  dataset: Dataset;
  attacks: ResolvedAttack[];
  indices: number[];
  clean: CleanPass;
  outcomes: AttackOutcomes[];
  seed: number;
  batchSize: number;
  signal?: AbortSignal;
}

interface ForwardProbe {
  outputs: SanityProbes['outputs'];
  determinism: SanityProbes['determinism'];
  gradients: SanityProbes['gradients'];
}

/** Counts per sample of a gradient batch `[n, ...]`: all-zero rows and rows with NaN/∞. */
function gradientCounts(gradient: tf.Tensor): { zero: number; nonFinite: number } {
  return tf.tidy(() => {
    const rows = asRows(gradient);
    const nonFinite = rows.isFinite().all(1).logicalNot();
    const zero = rows.abs().max(1).equal(0).logicalAnd(nonFinite.logicalNot());
    return { zero: zero.cast('int32').sum().dataSync()[0]!, nonFinite: nonFinite.cast('int32').sum().dataSync()[0]! };
  });
}

/** C13–C15 on one pass over the probe samples. */
function probeForward(input: ProbeInput, positions: number[]): ForwardProbe {
  const { classifier, dataset } = input;
  const result: ForwardProbe = {
    outputs: { rows: 0, columns: 0, probabilityRows: 0, outputKind: classifier.outputKind },
    determinism: { maxDifference: 0, differingSamples: 0 },
    gradients: { ceZero: 0, ceNonFinite: 0, marginZero: 0, marginNonFinite: 0 },
  };
  for (const batchPositions of indexBatches(positions, input.batchSize)) {
    const batch = dataset.read(batchPositions.map((position) => input.indices[position]!));
    tf.tidy(() => {
      const x = tf.tensor(batch.x, [batch.count, ...classifier.inputShape]);
      const first = classifier.rawOutput(x);
      const second = classifier.rawOutput(x);
      const values = Float32Array.from(first.dataSync());
      const columns = first.shape[1];
      result.outputs.rows += batch.count;
      result.outputs.columns = columns;
      for (let row = 0; row < batch.count; row++) {
        const cells = values.subarray(row * columns, (row + 1) * columns);
        const inRange = cells.every((value) => value >= -1e-6 && value <= 1 + 1e-6);
        const sum = cells.reduce((total, value) => total + value, 0);
        if (inRange && (columns === 1 || Math.abs(sum - 1) <= sumTolerance)) result.outputs.probabilityRows++;
      }
      const differences = first.sub(second).abs().max(1).dataSync();
      for (const difference of differences) {
        // NaN differences (NaN outputs) count as differing.
        if (!(difference <= determinismTolerance)) result.determinism.differingSamples++;
        result.determinism.maxDifference = Math.max(result.determinism.maxDifference, Number.isNaN(difference) ? Infinity : difference);
      }
      const labels = tf.tensor1d(input.clean.labels.subarray(batchPositions[0]!, batchPositions[0]! + batch.count), 'int32');
      for (const loss of ['ce', 'margin'] as const) {
        // A model tfjs cannot differentiate has, for attacks, a zero gradient on every sample.
        const counts = gradientCountsOrZero(() => inputGradient((inputs: tf.Tensor) => attackLoss(classifier.logits(inputs), labels, loss).sum(), x), batch.count);
        result.gradients[loss === 'ce' ? 'ceZero' : 'marginZero'] += counts.zero;
        result.gradients[loss === 'ce' ? 'ceNonFinite' : 'marginNonFinite'] += counts.nonFinite;
      }
    });
  }
  return result;
}

/**
 * C14/C15 measurements alone (determinism, input gradients) on the probe samples: cheap enough
 * to take before the attacks, so `checks.autoSquare` / `checks.autoRand` can add remedy attacks.
 */
export function probeModel(input: Pick<ProbeInput, 'classifier' | 'dataset' | 'indices' | 'clean' | 'batchSize'>): Pick<SanityProbes, 'determinism' | 'gradients'> & { samples: number } {
  const positions = Array.from({ length: Math.min(probeSampleLimit, input.indices.length) }, (_, i) => i);
  const { determinism, gradients } = probeForward(input as ProbeInput, positions);
  return { samples: positions.length, determinism, gradients };
}

/** Runs one probe attack through the runner's own case executor (projection, re-verification). */
async function probeAttack(input: ProbeInput, definition: AttackDefinition, attack: ResolvedAttack, budget: number, positions: number[]) {
  return executeCase({
    classifier: input.classifier, dataset: input.dataset, attack, definition, budget,
    sampleIndices: positions.map((position) => input.indices[position]!),
    labels: Int32Array.from(positions, (position) => input.clean.labels[position]!),
    seed: input.seed, batchSize: input.batchSize, signal: input.signal,
  });
}

/** C19: PGD at half the input range (L∞) on the probe samples; undefined when PGD is unavailable. */
async function probeLargeEpsilon(input: ProbeInput, positions: number[]): Promise<SanityProbes['largeEpsilon']> {
  const definition = findAttack(largeEpsilonProbe.type);
  if (!definition || positions.length === 0) return undefined;
  const [low, high] = input.classifier.inputRange;
  const epsilon = (high - low) / 2;
  const { steps, relativeStepSize, loss } = largeEpsilonProbe;
  const attack: ResolvedAttack = {
    id: 'sanity-large-epsilon', type: definition.type, norm: 'linf', budgetKind: 'epsilon', budgets: [epsilon],
    params: { steps, relativeStepSize, randomStart: false, restarts: 1, loss },
  };
  const outcome = await probeAttack(input, definition, attack, epsilon, positions);
  if (!outcome.finished) return undefined;
  return {
    epsilon, attack: `${definition.type}, ${steps} steps, ${loss} loss, no random start`,
    samples: positions.length, correct: outcome.robust.reduce((sum, flag) => sum + flag, 0), numClasses: input.classifier.numClasses,
  };
}

/** C18: uniform noise at each gradient norm's largest ε where the suite has no noise at that norm and ε. */
async function probeNoise(input: ProbeInput, positions: number[], traits: Record<string, AttackTraits>): Promise<NoiseComparison[]> {
  const definition = findAttack('uniform-noise') ?? findAttack('gaussian-noise');
  if (!definition || positions.length === 0) return [];
  const outcomes = {
    clean: encodeOutcomes(input.clean.correct),
    indices: input.indices,
    attacks: Object.fromEntries(input.outcomes.map(({ attack, cases }) => [attack.id, Object.fromEntries(cases.map((entry) => [String(entry.budget), encodeOutcomes(entry.robust)]))])),
  };
  const report: OutcomeView = { attacks: input.outcomes.map(({ attack }) => ({ id: attack.id, ...(attack.norm ? { norm: attack.norm } : {}) })), outcomes };
  const covered = new Set(suiteNoiseComparisons(report, traits).map((entry) => entry.norm));
  const comparisons: NoiseComparison[] = [];
  const norms = [...new Set(input.attacks.filter((attack) => traits[attack.id]?.kind === 'gradient' && !traits[attack.id]?.targeted).map((attack) => attack.norm!))];
  for (const norm of norms.filter((entry) => !covered.has(entry) && definition.norms.includes(entry))) {
    const budgets = input.outcomes.filter(({ attack }) => attack.norm === norm && traits[attack.id]?.kind === 'gradient' && !traits[attack.id]?.targeted)
      .flatMap(({ cases }) => cases.map((entry) => entry.budget));
    if (budgets.length === 0) continue;
    const epsilon = Math.max(...budgets);
    const gradientAttacks = gradientAttacksAt(report, traits, norm, String(epsilon));
    const correctPositions = positions.filter((position) => input.clean.correct[position]);
    const attack: ResolvedAttack = { id: `sanity-noise-${norm}`, type: definition.type, norm, budgetKind: 'epsilon', budgets: [epsilon], params: { repeats: noiseProbeRepeats } };
    const outcome = await probeAttack(input, definition, attack, epsilon, correctPositions);
    if (!outcome.finished) break;
    const pick = (flags: string) => correctPositions.map((position) => flags[position]).join('');
    comparisons.push({
      source: 'probe', noiseAttack: `${definition.type} ×${noiseProbeRepeats}`, gradientAttacks, norm, epsilon,
      ...compareNoise('1'.repeat(correctPositions.length), encodeOutcomes(outcome.robust),
        gradientAttacks.map((id) => pick(outcomes.attacks[id]![String(epsilon)]!)), correctPositions.map((position) => input.indices[position]!)),
    });
  }
  return comparisons;
}

/**
 * Takes the sanity probes' measurements on the first evaluated samples. Deterministic: a fixed
 * subset, seeded noise and no random start, so the same suite and seed give the same report.
 */
export async function runSanityProbes(input: ProbeInput, traits: Record<string, AttackTraits>): Promise<SanityProbes & { durationMs: number }> {
  const started = performance.now();
  const positions = Array.from({ length: Math.min(probeSampleLimit, input.indices.length) }, (_, i) => i);
  const forward = probeForward(input, positions);
  // Without input gradients the large-ε PGD probe cannot run; the zero-gradient check reports it.
  const largeEpsilon = await probeLargeEpsilon(input, positions).catch((error: unknown) => {
    if (error instanceof RobustcheckError && error.code === noGradientCode) return undefined;
    throw error;
  });
  const noise = await probeNoise(input, positions, traits);
  return { samples: positions.length, ...forward, ...(largeEpsilon ? { largeEpsilon } : {}), noise, durationMs: performance.now() - started };
}

/** Gradient counts, or "every sample zero" when the model has no input gradient (NO_GRADIENT). */
function gradientCountsOrZero(gradient: () => tf.Tensor, samples: number): ReturnType<typeof gradientCounts> {
  try {
    return gradientCounts(gradient());
  } catch (error) {
    if (error instanceof RobustcheckError && error.code === noGradientCode) return { zero: samples, nonFinite: 0 };
    throw error;
  }
}
