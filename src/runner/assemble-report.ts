/**
 * A suite run's report: what the run measured, turned into the per-sample tally that
 * `src/report/build/` builds every report from (merged shards use the same builder).
 */
import { attackTraits } from '../metrics/sanity/attack-traits.js';
import type { Classifier } from '../model/classifier.js';
import { buildReport } from '../report/build/build-report.js';
import { caseResult } from '../report/build/case-result.js';
import type { ClassContext } from '../report/build/classification.js';
import type { AttackTally, CaseTally, CleanTally, ReportHeader, SuiteTally } from '../report/build/report-tally.js';
import { suiteRelativePath } from '../report/portable-paths.js';
import { reportSchemaVersion, type CaseResult, type EnvironmentInfo, type SuiteReport } from '../report/report-types.js';
import type { SanityProbes } from '../report/sanity-probe-types.js';
import type { Shard } from '../data/sample-selection.js';
import type { ResolvedAttack, ResolvedSuite } from '../suite/types.js';
import type { AttackOutcomes, CaseOutcomes } from './attack-outcomes.js';
import type { CleanPass } from './clean-pass.js';

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

const flagCount = (flags: Uint8Array) => flags.reduce((sum, flag) => sum + flag, 0);

/** One case's tally from its run outcomes; `withClasses` adds the per-sample predictions. */
function caseTally(outcomes: CaseOutcomes, withClasses: boolean): CaseTally {
  const { budget, robust, sizes, attacked, durationMs, examples, hits, targetable, stats } = outcomes;
  return {
    budget, robust, sizes, attacked, durationMs, examples,
    ...(withClasses ? { classes: { from: 'samples', predictions: outcomes.predictions, probabilities: outcomes.probabilities } } : {}),
    ...(hits && targetable ? { target: { reached: flagCount(hits), reachable: flagCount(targetable) } } : {}),
    ...(stats ? { stats } : {}),
  };
}

function cleanTally(clean: CleanPass): CleanTally {
  return { labels: clean.labels, correct: clean.correct, classes: { from: 'samples', predictions: clean.predictions, probabilities: clean.probabilities } };
}

function attackTally(outcome: AttackOutcomes, withClasses: boolean): AttackTally {
  const { attack, minimal, minimalSource } = outcome;
  return {
    attack, cases: outcome.cases.map((entry) => caseTally(entry, withClasses)),
    ...(minimal && minimalSource ? { minimal: { values: minimal, source: minimalSource } } : {}),
    ...(outcome.skipped ? { skipped: outcome.skipped } : {}),
    ...(outcome.cached ? { cached: true } : {}),
  };
}

/** Metrics of one finished case (the `case:end` event's result); with `classes`, per-class metrics too. */
export function caseResultOf(attack: ResolvedAttack, outcomes: CaseOutcomes, clean: CleanPass, classes?: ClassContext): CaseResult {
  return caseResult(attack.budgetKind, caseTally(outcomes, classes !== undefined), cleanTally(clean), classes);
}

/** The report's description of the run: suite, model, data, environment and times. */
function reportHeader(input: ReportInput): ReportHeader {
  const { suite } = input;
  const classifier = input.model?.classifier;
  return {
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
  };
}

/** Builds report.json (DESIGN.md §3) from a suite run, finished, interrupted or failed. */
export function assembleReport(input: ReportInput): SuiteReport {
  const { suite, clean } = input;
  const numClasses = input.model?.classifier.numClasses;
  const withClasses = clean !== undefined && Boolean(numClasses);
  const tally: SuiteTally = {
    indices: input.indices ?? [],
    ...(clean ? { clean: cleanTally(clean) } : {}),
    ...(withClasses ? { classes: { numClasses: numClasses!, classNames: suite.model.classNames } } : {}),
    attacks: input.outcomes.map((outcome) => attackTally(outcome, withClasses)),
  };
  return buildReport({
    header: reportHeader(input),
    tally,
    gate: { thresholds: suite.thresholds, ...(suite.confidence !== undefined ? { confidence: suite.confidence } : {}), failOn: suite.checks.failOn },
    sanity: { traits: attackTraits(suite.attacks), ...(input.probes ? { probes: input.probes } : {}) },
    ...(input.baseline ? { baseline: input.baseline } : {}),
    ...(input.error ? { error: input.error } : {}),
  });
}
