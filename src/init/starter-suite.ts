/**
 * The suite `robustcheck init` writes: FGSM and PGD under L∞ and Gaussian noise under L2, with
 * budgets scaled to the input box and size, and thresholds a little below what a baseline run
 * measured so that the suite passes as written and fails when the model gets worse. It sets
 * `checks.autoSquare`, so a model with masked gradients also meets the gradient-free Square
 * attack; AutoAttack (`autoattack`) is left for users to add, as its published budget takes
 * minutes per thousand samples.
 */
import type { SuiteReport } from '../report/report-types.js';
import { wilsonInterval } from '../metrics/wilson.js';
import type { AttackSpec, SuiteFile, ThresholdSpec } from '../suite/types.js';
import type { DataFacts, ModelFacts } from './inspect.js';

/**
 * L∞ budgets in 1/255 of the input range's width (the image convention: 1–8 grey levels). FGSM
 * gets all four; PGD, the costly one, the upper three.
 */
export const linfLevels = { fgsm: [1, 2, 4, 8], pgd: [2, 4, 8] } as const;

/**
 * Gaussian-noise L2 budgets as a root-mean-square change per input value, in 1/255 of the width:
 * ε = rms · √d, so a budget means the same per value whatever the input size.
 */
export const noiseRmsLevels = [4, 8, 16] as const;

/** Safety margin below each interval's lower end, so small numerical differences between backends do not flip a gate. */
export const thresholdMargin = 0.02;

/** Rounds to 3 significant digits (budgets are written for people to read). */
export function roundBudget(value: number): number {
  return Number(value.toPrecision(3));
}

/** The attacks of a starter suite for this input box and size. */
export function starterAttacks(model: ModelFacts, data: DataFacts): AttackSpec[] {
  const unit = (data.inputRange[1] - data.inputRange[0]) / 255;
  return [
    { id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: linfLevels.fgsm.map((level) => roundBudget(level * unit)) },
    { id: 'pgd', type: 'pgd', norm: 'linf', epsilons: linfLevels.pgd.map((level) => roundBudget(level * unit)), steps: 10, randomStart: true },
    { id: 'noise', type: 'gaussian-noise', norm: 'l2', epsilons: noiseRmsLevels.map((level) => roundBudget(level * unit * Math.sqrt(model.inputSize))) },
  ];
}

/** A floor just below an interval's lower end (two decimals, rounded down); `undefined` when it would gate nothing. */
export function floorBelow(ci95: [number, number]): number | undefined {
  const floor = Math.floor((ci95[0] - thresholdMargin) * 100) / 100;
  return floor > 0 ? floor : undefined;
}

/** Options of {@link baselineThresholds}. */
export interface BaselineThresholdOptions {
  /** `predicted`: labels are the model's own clean predictions, so clean accuracy is 100 % by construction and gets no threshold. */
  labels?: 'file' | 'predicted';
  /**
   * Smallest sample count the thresholds should still hold at (a quick `run --limit N`): each floor
   * sits below the interval this many samples would give at the measured rate. Default: the
   * baseline's own sample count.
   */
  holdDownTo?: number;
}

/** Smallest `--limit` the starter thresholds are sized for: a quarter of the baseline, at least 20 samples. */
export function quickCheckSamples(samples: number): number {
  return Math.min(samples, Math.max(20, Math.ceil(samples / 4)));
}

/**
 * Thresholds from a baseline report: clean accuracy (only when labels come from the data); robust
 * accuracy of each attack at its middle budget; the score. Accuracies get a floor below the
 * interval that `holdDownTo` samples would give at the measured rate (the suite's `confidence`
 * compares intervals, so with fewer samples a floor just below the full run's interval would be
 * `inconclusive`); the score, a point value, 10 % below the measured one.
 */
export function baselineThresholds(report: SuiteReport, options: BaselineThresholdOptions = {}): ThresholdSpec[] {
  const samples = report.samples ?? 0;
  const quick = options.holdDownTo !== undefined && samples > 0 ? Math.min(options.holdDownTo, samples) : undefined;
  const floorOf = (rate: number, ci95: [number, number]) => floorBelow(quick === undefined ? ci95 : wilsonInterval(Math.round(rate * quick), quick));
  const thresholds: ThresholdSpec[] = [];
  const clean = options.labels === 'predicted' ? undefined : floorOf(report.clean.accuracy, report.clean.ci95);
  if (clean !== undefined) thresholds.push({ metric: 'clean-accuracy', min: clean });
  for (const attack of report.attacks) {
    const middle = attack.results[Math.floor((attack.results.length - 1) / 2)];
    const floor = middle && floorOf(middle.robustAccuracy, middle.ci95);
    if (middle?.epsilon !== undefined && floor !== undefined) thresholds.push({ metric: 'robust-accuracy', attack: attack.id, epsilon: middle.epsilon, min: floor });
  }
  const score = Math.floor(report.score * 0.9);
  if (score > 0) thresholds.push({ metric: 'score', min: score });
  return thresholds;
}

/** Everything a starter suite is made of, paths already relative to the suite file. */
export interface StarterSuiteInput {
  id: string;
  schemaPath: string;
  modelPath: string;
  dataPath: string;
  labelsPath?: string;
  samples: number;
  seed: number;
  model: ModelFacts;
  data: DataFacts;
}

/** The suite document before its thresholds are known. */
export function starterSuite(input: StarterSuiteInput): SuiteFile {
  return {
    $schema: input.schemaPath,
    id: input.id,
    description: `Starter suite written by robustcheck init: FGSM/PGD (L∞) and Gaussian noise (L2) on the first ${input.samples} samples; thresholds hold with run --limit ${quickCheckSamples(input.samples)} or more. Tune budgets and thresholds to your release criteria.`,
    seed: input.seed,
    model: { path: input.modelPath, inputRange: input.data.inputRange },
    data: { path: input.dataPath, ...(input.labelsPath ? { labelsPath: input.labelsPath } : {}), labels: input.data.labels, limit: input.samples },
    attacks: starterAttacks(input.model, input.data),
    thresholds: [],
    confidence: 0.95,
    // Square costs nothing unless the probes find masked gradients; then it is the attack that still works.
    checks: { failOn: 'fail', autoSquare: true },
  };
}

/** A value on one line with spaces after `:` and `,` (`{ "id": "fgsm", "epsilons": [0.01] }`). */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(([key, member]) => `${JSON.stringify(key)}: ${inline(member)}`);
    return members.length === 0 ? '{}' : `{ ${members.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/**
 * Two-space JSON as people write suites: any object or array that fits in `width` columns and
 * holds no nested object stays on one line (attack entries, thresholds, budgets).
 */
export function formatSuiteJson(suite: SuiteFile, width = 120): string {
  const format = (value: unknown, indent: string): string => {
    const flat = inline(value);
    const simple = !(Array.isArray(value) ? value : Object.values(value ?? {})).some((member) => member !== null && typeof member === 'object' && !Array.isArray(member));
    if (value === null || typeof value !== 'object' || (simple && indent.length + flat.length <= width)) return flat;
    const inner = `${indent}  `;
    const members = Array.isArray(value)
      ? value.map((member) => `${inner}${format(member, inner)}`)
      : Object.entries(value).map(([key, member]) => `${inner}${JSON.stringify(key)}: ${format(member, inner)}`);
    return Array.isArray(value) ? `[\n${members.join(',\n')}\n${indent}]` : `{\n${members.join(',\n')}\n${indent}}`;
  };
  return `${format(suite, '')}\n`;
}
