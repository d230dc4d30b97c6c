import { InputError } from '../errors.js';
import { attackTraits } from '../metrics/sanity/attack-traits.js';
import type { ThresholdSpec } from '../suite/types.js';
import { buildReport } from './build/build-report.js';
import type { AttackTally, CaseTally, ReportGate, ReportHeader, SanityEvidence, SuiteTally } from './build/report-tally.js';
import { mergedCaseEvidence, mergedCleanEvidence } from './merge-classification.js';
import { mergeProbes } from './merge-probes.js';
import { examplesPerCase, type AdversarialExample, type AttackReport, type CaseResult, type SuiteReport } from './report-types.js';
import type { SanityProbes } from './sanity-probe-types.js';
import { decodeFloat64, decodeOutcomes, decodeSizes } from './sample-codec.js';
import { checkShardSet } from './shard-compatibility.js';

/** Where each merged position comes from: shard (in index order) and position within it. */
interface Origin { index: number; shard: number; position: number }

/** Picks per merged position from per-shard arrays. */
function gather<T>(origins: Origin[], perShard: ArrayLike<T>[]): T[] {
  return origins.map(({ shard, position }) => perShard[shard]![position]!);
}

/**
 * The examples an unsharded run would have kept: it keeps the first broken samples in index order,
 * topped up with the first attacked-but-robust ones. Each shard kept its own first ones, which
 * always include the run-wide first ones (a shard holds at most as many of them as it kept).
 */
function mergeExamples(results: CaseResult[]): AdversarialExample[] {
  const all = results.flatMap((result) => result.examples ?? []).sort((a, b) => a.index - b.index);
  const broken = all.filter((example) => example.adversarialPrediction !== example.label);
  const robust = all.filter((example) => example.adversarialPrediction === example.label);
  return [...broken.slice(0, examplesPerCase), ...robust.slice(0, examplesPerCase)].slice(0, examplesPerCase);
}

/** The shards' results of one attack, shard by shard. */
const resultsOf = (shards: SuiteReport[], attack: AttackReport) => shards.map((shard) => shard.attacks.find((entry) => entry.id === attack.id)!);

/** Targeted attacks: samples that reached their target, recombined from each shard's exact rate and targetable count. */
function mergeTarget(shards: SuiteReport[], attack: AttackReport, results: CaseResult[]): CaseTally['target'] {
  if (results[0]!.targetSuccessRate === undefined) return undefined;
  const fixedTarget = typeof attack.params.target === 'number' ? attack.params.target : undefined;
  let reached = 0;
  let reachable = 0;
  shards.forEach((shard, s) => {
    const targetable = shard.outcomes.labels.filter((label, i) => shard.outcomes.clean[i] === '1' && label !== fixedTarget).length;
    reached += Math.round(results[s]!.targetSuccessRate! * targetable);
    reachable += targetable;
  });
  return { reached, reachable };
}

/** One attack × budget's per-sample outcomes and sizes of one shard, checked. */
function shardCase(suiteId: string, shard: SuiteReport, attackId: string, key: string) {
  const where = `Suite "${suiteId}", shard ${shard.shard?.index}`;
  const text = shard.outcomes.attacks[attackId]?.[key];
  if (text === undefined || text.length !== shard.samples) throw new InputError('MERGE_OUTCOMES', `${where}: per-sample outcomes of ${attackId} at ${key} are missing or the wrong length.`);
  const encoded = shard.outcomes.perturbation?.[attackId]?.[key];
  if (!encoded) throw new InputError('MERGE_OUTCOMES', `${where}: per-sample perturbation sizes of ${attackId} at ${key} are missing (report written by an older robustcheck); rerun the shard.`);
  let sizes;
  try {
    sizes = decodeSizes(encoded, shard.samples);
  } catch (error) {
    throw new InputError('MERGE_OUTCOMES', `${where}: perturbation sizes of ${attackId} at ${key} are corrupt (${(error as Error).message}).`);
  }
  return { robust: text, sizes, stats: shardStats(where, shard, attackId, key) };
}

/** One case's per-sample statistics (queries, cascade members) of one shard, decoded; undefined when it has none. */
function shardStats(where: string, shard: SuiteReport, attackId: string, key: string): Record<string, Float64Array> | undefined {
  const encoded = shard.outcomes.stats?.[attackId]?.[key];
  if (!encoded) return undefined;
  return Object.fromEntries(Object.entries(encoded).map(([name, text]) => {
    let values: Float64Array;
    try {
      values = decodeFloat64(text);
    } catch (error) {
      throw new InputError('MERGE_OUTCOMES', `${where}: statistic "${name}" of ${attackId} at ${key} is corrupt (${(error as Error).message}).`);
    }
    if (values.length !== shard.samples) throw new InputError('MERGE_OUTCOMES', `${where}: statistic "${name}" of ${attackId} at ${key} lists ${values.length} samples, expected ${shard.samples}.`);
    return [name, values];
  }));
}

/**
 * A case's statistics over all shards, interleaved like the outcomes; undefined unless every
 * shard has the same statistics (a shard that never reached the attack's statistics has none).
 */
function mergeStats(origins: Origin[], parts: Array<Record<string, Float64Array> | undefined>): Record<string, Float64Array> | undefined {
  // The first shard's order: the order the attack tallied them in, which orders `contributions`.
  const names = parts[0] ? Object.keys(parts[0]) : [];
  const sameNames = (part: Record<string, Float64Array>) => Object.keys(part).length === names.length && names.every((name) => name in part);
  if (names.length === 0 || parts.some((part) => !part || !sameNames(part))) return undefined;
  return Object.fromEntries(names.map((name) => [name, Float64Array.from(gather(origins, parts.map((part) => part![name]!)))]));
}

/**
 * Per-sample minimal perturbations of one ε attack, interleaved. A `null` in a report means
 * "never broken" (∞) for a sample the attack considered (clean-correct; targeted: also not
 * labelled with the fixed target), else "not attacked" (NaN).
 */
function mergeMinimal(shards: SuiteReport[], attack: AttackReport, origins: Origin[], cleanCorrect: Uint8Array, labels: number[]): AttackTally['minimal'] {
  const parts = resultsOf(shards, attack).map((entry) => entry.minimalPerturbation);
  if (parts.some((part) => part === undefined)) return undefined;
  const fixedTarget = typeof attack.params.target === 'number' ? attack.params.target : undefined;
  const values = gather(origins, parts.map((part) => part!.perSample))
    .map((value, i) => value ?? (cleanCorrect[i] && labels[i] !== fixedTarget ? Infinity : Number.NaN));
  return { values, source: parts[0]!.source };
}

/** One attack's tally over all shards. */
function attackTally(shards: SuiteReport[], attack: AttackReport, origins: Origin[], cleanCorrect: Uint8Array, labels: number[]): AttackTally {
  const perShard = resultsOf(shards, attack);
  const cases = attack.results.map((result, r): CaseTally => {
    const budget = result.epsilon ?? result.severity ?? 0;
    const parts = shards.map((shard) => shardCase(shards[0]!.suite.id, shard, attack.id, String(budget)));
    const results = perShard.map((entry) => entry.results[r]!);
    const target = mergeTarget(shards, attack, results);
    const stats = mergeStats(origins, parts.map((part) => part.stats));
    return {
      budget,
      robust: decodeOutcomes(gather(origins, parts.map((part) => part.robust)).join('')),
      sizes: gather(origins, parts.map((part) => part.sizes)),
      attacked: results.reduce((sum, entry) => sum + entry.attacked, 0),
      durationMs: results.reduce((sum, entry) => sum + entry.durationMs, 0),
      examples: mergeExamples(results),
      classes: mergedCaseEvidence(shards, results),
      ...(target ? { target } : {}),
      ...(stats ? { stats } : {}),
    };
  });
  const minimal = mergeMinimal(shards, attack, origins, cleanCorrect, labels);
  const { id, type, norm, budgetKind, params } = attack;
  return {
    attack: { id, type, ...(norm ? { norm } : {}), budgetKind, params }, cases,
    ...(minimal ? { minimal } : {}),
    ...(attack.skipped !== undefined ? { skipped: attack.skipped } : {}),
  };
}

/** The suite's threshold specs, read back from the shards' evaluated thresholds (identical in every shard). */
function thresholdSpecs(report: SuiteReport): ThresholdSpec[] {
  return report.thresholds.map(({ metric, attack, epsilon, norm, expected }) => ({
    metric: metric as ThresholdSpec['metric'], ...(attack !== undefined ? { attack } : {}), ...(epsilon !== undefined ? { epsilon } : {}),
    ...(norm !== undefined ? { norm: norm as ThresholdSpec['norm'] } : {}), ...expected,
  }));
}

/** Probe measurements of every shard combined; undefined when a shard has none (a report of an older version). */
function mergedProbes(shards: SuiteReport[]): SanityEvidence['probes'] {
  const probes = shards.map((shard) => shard.sanityProbe?.probes);
  if (probes.some((probe) => probe === undefined)) return undefined;
  return { ...mergeProbes(probes as SanityProbes[]), durationMs: Math.max(...shards.map((shard) => shard.sanityProbe!.durationMs)) };
}

/** Merges the shards of one suite (already checked by {@link checkShardSet}). */
function mergeSuite(shards: SuiteReport[]): SuiteReport {
  const first = shards[0]!;
  const origins = shards.flatMap((shard, s) => shard.outcomes.indices.map((index, position) => ({ index, shard: s, position })))
    .sort((a, b) => a.index - b.index);
  const cleanCorrect = decodeOutcomes(gather(origins, shards.map((shard) => shard.outcomes.clean)).join(''));
  const labels = gather(origins, shards.map((shard) => shard.outcomes.labels));
  const { numClasses, classNames } = first.model;
  const tally: SuiteTally = {
    indices: origins.map((origin) => origin.index),
    clean: { labels, correct: cleanCorrect, classes: mergedCleanEvidence(shards) },
    ...(numClasses ? { classes: { numClasses, ...(classNames ? { classNames } : {}) } } : {}),
    attacks: first.attacks.map((attack) => attackTally(shards, attack, origins, cleanCorrect, labels)),
  };
  // Fields are listed, not copied wholesale: a field this merge does not know how to combine must
  // be missing (and fail the merged == unsharded test), never silently carry shard 1's value.
  const { schemaVersion, tool, suite, model, data, environment, seed } = first;
  const header: ReportHeader = {
    schemaVersion, tool, suite, model, data, environment, seed,
    ...(first.limit !== undefined ? { limit: first.limit } : {}),
    startedAt: shards.map((shard) => shard.startedAt).sort()[0]!,
    durationMs: Math.max(...shards.map((shard) => shard.durationMs)),
    complete: true,
  };
  const gate: ReportGate = { thresholds: thresholdSpecs(first), ...(suite.confidence !== undefined ? { confidence: suite.confidence } : {}), failOn: suite.failOn ?? 'fail' };
  const probes = mergedProbes(shards);
  return buildReport({
    header, tally, gate,
    sanity: { traits: attackTraits(first.attacks), ...(probes ? { probes } : {}), earlier: shards.flatMap((shard) => shard.sanityChecks) },
  });
}

/**
 * Merges shard reports (any suites, any order) into one report per suite, identical to an
 * unsharded run's for deterministic attacks apart from times: the shards' per-sample outcomes
 * are interleaved into one tally and the report is built from it by the run's own builder, never
 * averaged. Throws {@link InputError} for shards that do not belong together.
 */
export function mergeShardReports(reports: SuiteReport[]): SuiteReport[] {
  if (reports.length === 0) throw new InputError('MERGE_EMPTY', 'No shard reports to merge: pass the --out folders (or report.json files) of runs with --shard I/N.');
  const bySuite = new Map<string, SuiteReport[]>();
  for (const report of reports) bySuite.set(report.suite.id, [...(bySuite.get(report.suite.id) ?? []), report]);
  return [...bySuite.entries()].map(([suiteId, group]) => mergeSuite(checkShardSet(suiteId, group)));
}
