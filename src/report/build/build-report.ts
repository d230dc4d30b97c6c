import { compareReports, missingBaseline } from '../../metrics/compare-reports.js';
import { summarizeMinimalPerturbations } from '../../metrics/minimal-perturbation.js';
import { robustnessScore } from '../../metrics/score.js';
import { skipShardThresholds } from '../../metrics/shard-gate.js';
import { standardBudgets } from '../../metrics/standard-budgets.js';
import { evaluateThreshold } from '../../metrics/thresholds.js';
import { decideSuiteVerdict } from '../../metrics/verdict.js';
import { wilsonInterval } from '../../metrics/wilson.js';
import { scrubLocalPaths } from '../portable-paths.js';
import type { AttackReport, MinimalPerturbation, SuiteReport } from '../report-types.js';
import { encodeFloat64, encodeOutcomes, encodeSizes } from '../sample-codec.js';
import { caseResult } from './case-result.js';
import { cleanClassification, type ClassContext } from './classification.js';
import type { AttackTally, CleanTally, ReportGate, ReportHeader, SanityEvidence, SuiteTally } from './report-tally.js';
import { sanityResults } from './sanity-results.js';
import { worstCase } from './worst-case.js';

/** Everything a suite report is built from. */
export interface ReportBuildInput {
  header: ReportHeader;
  tally: SuiteTally;
  gate: ReportGate;
  sanity: SanityEvidence;
  /** `--baseline`: where it was looked up and this suite's report there, if any. */
  baseline?: { source: string; report?: SuiteReport };
  /** What stopped the run, and the exit code it sets. */
  error?: { code: string; message: string; exitCode: number };
}

/** The report's `minimalPerturbation` of an ε attack that ran at least one budget. */
function minimalPerturbationOf({ attack, minimal, cases }: AttackTally): { minimalPerturbation?: MinimalPerturbation } {
  if (!minimal || !attack.norm || cases.length === 0) return {};
  const summary = summarizeMinimalPerturbations(minimal.values);
  const perSample = Array.from(minimal.values, (value) => (Number.isFinite(value) ? value : null));
  return { minimalPerturbation: { norm: attack.norm, source: minimal.source, ...summary, perSample } };
}

/** One attack's report entry; without a clean pass nothing was measured, so no results. */
function attackReport(tally: AttackTally, clean: CleanTally | undefined, classes: ClassContext | undefined): AttackReport {
  const { attack } = tally;
  return {
    id: attack.id, type: attack.type, ...(attack.norm ? { norm: attack.norm } : {}), budgetKind: attack.budgetKind, params: attack.params,
    results: clean ? tally.cases.map((entry) => caseResult(attack.budgetKind, entry, clean, classes)) : [],
    ...(clean ? minimalPerturbationOf(tally) : {}),
    ...(tally.skipped ? { skipped: tally.skipped } : {}),
    ...(tally.cached ? { cached: true } : {}),
  };
}

/** Per-sample outcome strings and encoded perturbation sizes, for comparisons and `report merge`. */
function sampleOutcomes(tally: SuiteTally): SuiteReport['outcomes'] {
  const { clean, attacks } = tally;
  const perCase = <T>(value: (entry: AttackTally['cases'][number]) => T) => Object.fromEntries(attacks.map(({ attack, cases }) => [
    attack.id, Object.fromEntries(cases.map((entry) => [String(entry.budget), value(entry)])),
  ]));
  const stats = Object.fromEntries(attacks.filter(({ cases }) => cases.some((entry) => entry.stats)).map(({ attack, cases }) => [
    attack.id, Object.fromEntries(cases.filter((entry) => entry.stats).map((entry) => [
      String(entry.budget), Object.fromEntries(Object.entries(entry.stats!).map(([name, values]) => [name, encodeFloat64(values)])),
    ])),
  ]));
  return {
    indices: tally.indices,
    labels: clean ? Array.from(clean.labels) : [],
    clean: clean ? encodeOutcomes(clean.correct) : '',
    attacks: perCase((entry) => encodeOutcomes(entry.robust)),
    perturbation: perCase((entry) => encodeSizes(entry.sizes)),
    ...(Object.keys(stats).length > 0 ? { stats } : {}),
  };
}

/** Adds the standard-budget summary where the input is an image in [0, 1] of a standard size. */
function withStandardBudgets(report: SuiteReport): void {
  const summary = report.model.inputRange ? standardBudgets(report, report.model.inputShape, report.model.inputRange) : undefined;
  if (summary) report.standardBudgets = summary;
}

/**
 * Builds report.json (DESIGN.md §3) from a per-sample tally: of a suite run (finished,
 * interrupted or failed) or of merged shards. Every metric, check, threshold and the verdict are
 * computed here, so the two agree by construction.
 */
export function buildReport(input: ReportBuildInput): SuiteReport {
  const { header, tally, gate, error } = input;
  const { clean } = tally;
  const n = tally.indices.length;
  const correct = clean ? clean.correct.reduce((sum, flag) => sum + flag, 0) : 0;
  const cleanAccuracy = n ? correct / n : 0;
  const classes = clean ? tally.classes : undefined;
  const attacks = tally.attacks.map((entry) => attackReport(entry, clean, classes));
  const { schemaVersion, tool, suite, model, data, environment, seed, shard, limit, startedAt, durationMs, complete } = header;
  const report: SuiteReport = {
    schemaVersion, tool, suite, model, data, environment, seed,
    ...(shard ? { shard } : {}),
    ...(limit !== undefined ? { limit } : {}),
    startedAt, durationMs, complete,
    samples: n,
    clean: { accuracy: cleanAccuracy, correct, ci95: wilsonInterval(correct, n), ...(clean && classes ? cleanClassification(clean, classes) : {}) },
    attacks,
    worstCase: worstCase(tally.attacks, n),
    score: robustnessScore(attacks.flatMap((attack) => attack.results.map((result) => ({ robustAccuracy: result.robustAccuracy, cleanAccuracy })))),
    sanityChecks: [],
    thresholds: [],
    outcomes: sampleOutcomes(tally),
    verdict: 'pass',
    exitCode: 0,
    ...(error ? { error: { code: error.code, message: scrubLocalPaths(error.message) } } : {}),
  };
  if (clean && !error) {
    withStandardBudgets(report);
    Object.assign(report, sanityResults(report, input.sanity));
  }
  if (input.baseline && clean) {
    const { source, report: base } = input.baseline;
    report.baseline = base ? compareReports(base, report, { source }) : missingBaseline(source, suite.id);
  }
  // Without a clean pass nothing was measured: thresholds would only repeat the error.
  report.thresholds = clean ? gate.thresholds.map((threshold) => evaluateThreshold(threshold, report, gate.confidence)) : [];
  // A shard judges nothing on its partial samples: only an error decides its verdict (DESIGN.md §6).
  if (shard) report.thresholds = skipShardThresholds(report.thresholds, shard);
  const verdict = decideSuiteVerdict({
    error, interrupted: !complete && !error, thresholds: report.thresholds, sanityChecks: report.sanityChecks, failOn: shard ? 'never' : gate.failOn,
  });
  report.verdict = verdict.verdict;
  report.exitCode = error ? error.exitCode : verdict.exitCode;
  return report;
}
