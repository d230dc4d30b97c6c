import { summarize } from '../metrics/summary-stats.js';
import { standardBudgets } from '../metrics/standard-budgets.js';
import type { PerturbationSize } from '../metrics/perturbation-size.js';
import { robustnessScore } from '../metrics/score.js';
import { evaluateThreshold } from '../metrics/thresholds.js';
import { decideSuiteVerdict } from '../metrics/verdict.js';
import { skipShardThresholds } from '../metrics/shard-gate.js';
import { scrubLocalPaths, suiteRelativePath } from '../report/portable-paths.js';
import { wilsonInterval } from '../metrics/wilson.js';
import type { Classifier } from '../model/classifier.js';
import { reportSchemaVersion, type MinimalPerturbation, type AdversarialExample, type CaseResult, type EnvironmentInfo, type SuiteReport } from '../report/report-types.js';
import type { ResolvedAttack, ResolvedSuite } from '../suite/types.js';
import { encodeSizes } from '../report/sample-codec.js';
import { encodeOutcomes, summarizeCase } from './case-metrics.js';
import { summarizeMinimalPerturbations } from '../metrics/minimal-perturbation.js';
import type { CleanPass } from './clean-pass.js';
import type { Shard } from './sample-selection.js';
import { summarizeClassification } from '../metrics/classification-summary.js';
import { meanConfidenceDrop } from '../metrics/confidence-drop.js';
import { runSanityChecks, type SanityProbes } from '../metrics/sanity/index.js';
import { compareReports, missingBaseline } from '../metrics/compare-reports.js';
import { attackTraits } from './sanity-probes.js';

/** Outcomes of one finished attack × budget, per evaluated position. */
export interface CaseOutcomes {
  budget: number;
  robust: Uint8Array;
  sizes: (PerturbationSize | undefined)[];
  attacked: number;
  durationMs: number;
  /**
   * Prediction per evaluated position on the input that decided its outcome at this budget: the
   * latest adversarial for attacked samples, the clean prediction for clean-misclassified ones.
   */
  predictions: Int32Array;
  /** Softmax probabilities matching `predictions`, row-major `[n, classes]`. */
  probabilities: Float32Array;
  examples: AdversarialExample[];
  /** Targeted attacks: 1 where the target was reached at this or a smaller budget. */
  hits?: Uint8Array;
  /** Targeted attacks: 1 for clean-correct samples whose label is not the fixed target. */
  targetable?: Uint8Array;
  /** Per-position statistics the attack tallied (`queries`, `broken-by:<member>`); NaN = none. */
  stats?: Record<string, Float64Array>;
}

export interface AttackOutcomes {
  attack: ResolvedAttack;
  cases: CaseOutcomes[];
  /**
   * ε attacks: per evaluated position, the minimal perturbation found (attack norm, input
   * units): `Infinity` when never broken, `NaN` when not attacked (clean-misclassified).
   */
  minimal?: Float64Array;
  /** Where `minimal` comes from: a minimisation attack's measured adversarials, or the ε sweep. */
  minimalSource?: 'minimization' | 'epsilon-sweep';
  /** Why the attack stopped before its budgets ran (e.g. the model has no input gradient). */
  skipped?: string;
  /** True when these outcomes came from the result cache instead of being computed in this run. */
  cached?: boolean;
}

/** Everything known about a suite run when its report is assembled (possibly partial). */
export interface ReportInput {
  suite: ResolvedSuite;
  tool: { name: string; version: string };
  environment: EnvironmentInfo;
  startedAt: Date;
  shard?: Shard;
  limit?: number;
  outcomes: AttackOutcomes[];
  complete: boolean;
  model?: { sha256: string; format: string; classifier: Classifier };
  dataSize?: number;
  /** Hex SHA-256 of the data file and of the separate labels file, once read. */
  dataHashes?: { sha256?: string; labelsSha256?: string };
  indices?: number[];
  clean?: CleanPass;
  error?: { code: string; message: string; exitCode: number };
  durationMs?: number;
  /** Sanity-probe measurements (absent when the run stopped before them). */
  probes?: SanityProbes & { durationMs: number };
  /** `--baseline`: where it was looked up and this suite's report there, if any. */
  baseline?: { source: string; report?: SuiteReport };
}

/** What per-class metrics of a case need from the clean pass. */
export interface ClassContext {
  clean: CleanPass;
  numClasses: number;
  classNames?: string[];
}

/** Per-class metrics, confusion, ROC-AUC and confidence drop of one case's perturbed predictions. */
function caseClassification(outcomes: CaseOutcomes, context: ClassContext): Partial<CaseResult> {
  const { clean, numClasses, classNames } = context;
  return {
    ...summarizeClassification({ labels: clean.labels, predictions: outcomes.predictions, probabilities: outcomes.probabilities, numClasses, correct: outcomes.robust, classNames }),
    confidenceDrop: meanConfidenceDrop(clean.probabilities, outcomes.probabilities, clean.labels, clean.correct, numClasses),
  };
}

/** Metrics of one case from its outcomes; with `classes`, per-class metrics too. */
export function caseResultOf(attack: ResolvedAttack, outcomes: CaseOutcomes, cleanCorrect: Uint8Array, classes?: ClassContext): CaseResult {
  const summary = summarizeCase({
    budgetKind: attack.budgetKind, budget: outcomes.budget, tally: { robust: outcomes.robust, sizes: outcomes.sizes },
    cleanCorrect, attacked: outcomes.attacked, durationMs: outcomes.durationMs,
  });
  const result: CaseResult = classes ? { ...summary, ...caseClassification(outcomes, classes) } : summary;
  if (outcomes.examples.length > 0) result.examples = outcomes.examples;
  if (outcomes.hits && outcomes.targetable) {
    const reachable = outcomes.targetable.reduce((sum, flag) => sum + flag, 0);
    const reached = outcomes.hits.reduce((sum, flag) => sum + flag, 0);
    result.targetSuccessRate = reachable ? reached / reachable : 0;
  }
  Object.assign(result, statsResults(outcomes.stats));
  return result;
}

/**
 * Report fields from tallied statistics: `queries` (score-based attacks: mean/median/max over the
 * samples that were queried) and `contributions` (cascades: samples each member broke, in order).
 */
export function statsResults(stats: Record<string, Float64Array> | undefined): Pick<CaseResult, 'queries' | 'contributions'> {
  if (!stats) return {};
  const present = (values: Float64Array) => Array.from(values).filter((value) => !Number.isNaN(value));
  const result: Pick<CaseResult, 'queries' | 'contributions'> = {};
  if (stats.queries) {
    const values = present(stats.queries);
    result.queries = { samples: values.length, ...summarize(values) };
  }
  const members = Object.keys(stats).filter((name) => name.startsWith(brokenByPrefix));
  if (members.length > 0) {
    result.contributions = members.map((name) => {
      const values = present(stats[name]!);
      return { attack: name.slice(brokenByPrefix.length), attacked: values.length, broken: values.reduce((sum, value) => sum + value, 0) };
    });
  }
  return result;
}

/** Tally name prefix of a cascade member's per-sample "broke it" flags. */
const brokenByPrefix = 'broken-by:';

/** The report's `minimalPerturbation` of an ε attack that ran at least one budget. */
function minimalPerturbationOf(outcome: AttackOutcomes): { minimalPerturbation?: MinimalPerturbation } {
  const { attack, minimal, minimalSource } = outcome;
  if (!minimal || !minimalSource || !attack.norm || outcome.cases.length === 0) return {};
  const summary = summarizeMinimalPerturbations(minimal);
  const perSample = Array.from(minimal, (value) => (Number.isFinite(value) ? value : null));
  return { minimalPerturbation: { norm: attack.norm, source: minimalSource, ...summary, perSample } };
}

/**
 * Worst case per (norm, ε): a sample counts as robust only if it survives every attack of the
 * suite with that norm and ε.
 */
export function worstCase(outcomes: { attack: Pick<ResolvedAttack, 'id' | 'norm' | 'budgetKind'>; cases: Pick<CaseOutcomes, 'budget' | 'robust'>[] }[], n: number): SuiteReport['worstCase'] {
  const groups = new Map<string, { norm: string; epsilon: number; robust: Uint8Array; attacks: string[] }>();
  for (const { attack, cases } of outcomes) {
    if (attack.budgetKind !== 'epsilon') continue;
    for (const entry of cases) {
      const key = `${attack.norm}:${entry.budget}`;
      const group = groups.get(key) ?? { norm: attack.norm ?? 'linf', epsilon: entry.budget, robust: new Uint8Array(n).fill(1), attacks: [] };
      for (let i = 0; i < n; i++) group.robust[i]! &= entry.robust[i]!;
      group.attacks.push(attack.id);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .filter((group) => group.attacks.length > 0)
    .sort((a, b) => a.norm.localeCompare(b.norm) || a.epsilon - b.epsilon)
    .map((group) => {
      const robustCount = group.robust.reduce((sum, flag) => sum + flag, 0);
      return { norm: group.norm, epsilon: group.epsilon, robustAccuracy: n ? robustCount / n : 0, robustCount, ci95: wilsonInterval(robustCount, n), attacks: group.attacks };
    });
}

/** Builds report.json (DESIGN.md §3) from a suite run, finished, interrupted or failed. */
export function assembleReport(input: ReportInput): SuiteReport {
  const { suite, clean } = input;
  const n = input.indices?.length ?? 0;
  const correct = clean ? clean.correct.reduce((sum, flag) => sum + flag, 0) : 0;
  const cleanAccuracy = n ? correct / n : 0;
  const numClasses = input.model?.classifier.numClasses;
  const classes: ClassContext | undefined = clean && numClasses ? { clean, numClasses, classNames: suite.model.classNames } : undefined;
  const attacks = input.outcomes.map((outcome) => ({
    id: outcome.attack.id, type: outcome.attack.type, ...(outcome.attack.norm ? { norm: outcome.attack.norm } : {}),
    budgetKind: outcome.attack.budgetKind, params: outcome.attack.params,
    results: clean ? outcome.cases.map((entry) => caseResultOf(outcome.attack, entry, clean.correct, classes)) : [],
    ...(clean ? minimalPerturbationOf(outcome) : {}),
    ...(outcome.skipped ? { skipped: outcome.skipped } : {}),
    ...(outcome.cached ? { cached: true } : {}),
  }));
  const cells = attacks.flatMap((attack) => attack.results.map((result) => ({ robustAccuracy: result.robustAccuracy, cleanAccuracy })));
  const classifier = input.model?.classifier;
  const report: SuiteReport = {
    schemaVersion: reportSchemaVersion,
    tool: input.tool,
    suite: {
      id: suite.id, path: suite.displayPath, sha256: suite.sha256, ...(suite.description ? { description: suite.description } : {}),
      ...(suite.confidence !== undefined ? { confidence: suite.confidence } : {}), failOn: suite.checks.failOn,
    },
    model: {
      path: suiteRelativePath(suite.model.path, suite.dir), format: input.model?.format ?? suite.model.format, sha256: input.model?.sha256 ?? '',
      outputKind: classifier?.outputKind ?? 'unknown', inputShape: classifier?.inputShape ?? [], numClasses: classifier?.numClasses ?? 0,
      ...(suite.model.classNames ? { classNames: [...suite.model.classNames] } : {}),
      inputRange: [suite.model.inputRange[0], suite.model.inputRange[1]],
    },
    data: {
      path: suiteRelativePath(suite.data.path, suite.dir), size: input.dataSize ?? 0, labels: suite.data.labels,
      ...(input.dataHashes?.sha256 ? { sha256: input.dataHashes.sha256 } : {}),
      ...(suite.data.labelsPath !== undefined ? { labelsPath: suiteRelativePath(suite.data.labelsPath, suite.dir) } : {}),
      ...(input.dataHashes?.labelsSha256 ? { labelsSha256: input.dataHashes.labelsSha256 } : {}),
    },
    environment: input.environment,
    seed: suite.seed,
    ...(input.shard ? { shard: input.shard } : {}),
    ...(input.limit !== undefined ? { limit: input.limit } : {}),
    startedAt: input.startedAt.toISOString(),
    durationMs: Math.round(input.durationMs ?? 0),
    complete: input.complete && !input.error,
    samples: n,
    clean: {
      accuracy: cleanAccuracy, correct, ci95: wilsonInterval(correct, n),
      ...(classes ? summarizeClassification({ labels: classes.clean.labels, predictions: classes.clean.predictions, probabilities: classes.clean.probabilities, numClasses: classes.numClasses, classNames: classes.classNames }) : {}),
    },
    attacks,
    worstCase: worstCase(input.outcomes, n),
    score: robustnessScore(cells),
    sanityChecks: [],
    thresholds: [],
    outcomes: {
      indices: input.indices ?? [],
      labels: clean ? Array.from(clean.labels) : [],
      clean: clean ? encodeOutcomes(clean.correct) : '',
      attacks: Object.fromEntries(input.outcomes.map(({ attack, cases }) => [
        attack.id, Object.fromEntries(cases.map((entry) => [String(entry.budget), encodeOutcomes(entry.robust)])),
      ])),
      perturbation: Object.fromEntries(input.outcomes.map(({ attack, cases }) => [
        attack.id, Object.fromEntries(cases.map((entry) => [String(entry.budget), encodeSizes(entry.sizes)])),
      ])),
    },
    verdict: 'pass',
    exitCode: 0,
    ...(input.error ? { error: { code: input.error.code, message: scrubLocalPaths(input.error.message) } } : {}),
  };
  if (clean && !input.error) {
    withStandardBudgets(report);
    report.sanityChecks = runSanityChecks({ report, traits: attackTraits(suite.attacks), probes: input.probes });
    if (input.probes) {
      const { durationMs, ...probes } = input.probes;
      report.sanityProbe = { samples: input.probes.samples, durationMs: Math.round(durationMs), probes };
    }
  }
  if (input.baseline && clean) {
    const { source, report: base } = input.baseline;
    report.baseline = base ? compareReports(base, report, { source }) : missingBaseline(source, suite.id);
  }
  // Without a clean pass nothing was measured: thresholds would only repeat the error.
  report.thresholds = clean ? suite.thresholds.map((threshold) => evaluateThreshold(threshold, report, suite.confidence)) : [];
  // A shard judges nothing on its partial samples: only an error decides its verdict (DESIGN.md §6).
  if (input.shard) report.thresholds = skipShardThresholds(report.thresholds, input.shard);
  const verdict = decideSuiteVerdict({
    error: input.error, interrupted: !input.complete && !input.error, thresholds: report.thresholds, sanityChecks: report.sanityChecks,
    failOn: input.shard ? 'never' : suite.checks.failOn,
  });
  report.verdict = verdict.verdict;
  report.exitCode = input.error ? input.error.exitCode : verdict.exitCode;
  return report;
}

/** Adds the standard-budget summary where the input is an image in [0, 1] of a standard size. */
export function withStandardBudgets(report: SuiteReport): void {
  const summary = report.model.inputRange ? standardBudgets(report, report.model.inputShape, report.model.inputRange) : undefined;
  if (summary) report.standardBudgets = summary;
}
