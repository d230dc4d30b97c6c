import { InputError } from '../errors.js';
import { robustnessScore } from '../metrics/score.js';
import { evaluateThreshold } from '../metrics/thresholds.js';
import { decideSuiteVerdict } from '../metrics/verdict.js';
import { wilsonInterval } from '../metrics/wilson.js';
import { withStandardBudgets, worstCase } from '../runner/assemble-report.js';
import { encodeOutcomes, summarizeCase } from '../runner/case-metrics.js';
import { examplesPerCase } from '../runner/examples.js';
import type { ThresholdSpec } from '../suite/types.js';
import type { AdversarialExample, AttackReport, CaseResult, MinimalPerturbation, SuiteReport } from './report-types.js';
import { decodeSizes, encodeSizes } from './sample-codec.js';
import { mergeCaseClassification, mergeCleanClassification } from './merge-classification.js';
import { mergedSanityChecks } from './merge-sanity.js';
import { checkShardSet } from './shard-compatibility.js';
import { summarizeMinimalPerturbations } from '../metrics/minimal-perturbation.js';

/** Where each merged position comes from: shard (in index order) and position within it. */
interface Origin { shard: number; position: number }

const flags = (text: string) => Uint8Array.from(text, (character) => (character === '1' ? 1 : 0));

/** Picks per merged position from per-shard arrays. */
function gather<T>(origins: Origin[], perShard: ArrayLike<T>[]): T[] {
  return origins.map(({ shard, position }) => perShard[shard]![position]!);
}

/**
 * The examples an unsharded run would have kept: it keeps the first broken samples in index order,
 * topped up with the first attacked-but-robust ones. Each shard kept its own first ones, which
 * always include the run-wide first ones (a shard holds at most as many of them as it kept).
 */
function mergeExamples(results: CaseResult[]): AdversarialExample[] | undefined {
  const all = results.flatMap((result) => result.examples ?? []).sort((a, b) => a.index - b.index);
  if (all.length === 0) return undefined;
  const broken = all.filter((example) => example.adversarialPrediction !== example.label);
  const robust = all.filter((example) => example.adversarialPrediction === example.label);
  return [...broken.slice(0, examplesPerCase), ...robust.slice(0, examplesPerCase)].slice(0, examplesPerCase);
}

/** Targeted attacks: success rate over targetable samples, recombined from exact per-shard counts. */
function mergeTargetRate(shards: SuiteReport[], attack: AttackReport, resultIndex: number): number | undefined {
  if (shards[0]!.attacks.find((entry) => entry.id === attack.id)!.results[resultIndex]!.targetSuccessRate === undefined) return undefined;
  const fixedTarget = typeof attack.params.target === 'number' ? attack.params.target : undefined;
  let reached = 0;
  let reachable = 0;
  for (const shard of shards) {
    const targetable = shard.outcomes.labels.filter((label, i) => shard.outcomes.clean[i] === '1' && label !== fixedTarget).length;
    const rate = shard.attacks.find((entry) => entry.id === attack.id)!.results[resultIndex]!.targetSuccessRate!;
    reached += Math.round(rate * targetable);
    reachable += targetable;
  }
  return reachable ? reached / reachable : 0;
}

/**
 * Minimal perturbations of one ε attack over merged shards: per-sample values interleaved, the
 * summary recomputed by the run's own function. `null` means "never broken" for a sample the
 * attack considered (clean-correct; targeted: also not labelled with the fixed target), else "not
 * attacked".
 */
function mergeMinimal(shards: SuiteReport[], attack: AttackReport, origins: Origin[], cleanCorrect: Uint8Array, labels: number[]): MinimalPerturbation | undefined {
  const parts = shards.map((shard) => shard.attacks.find((entry) => entry.id === attack.id)?.minimalPerturbation);
  if (parts.some((part) => part === undefined)) return undefined;
  const perSample = gather(origins, parts.map((part) => part!.perSample));
  const fixedTarget = typeof attack.params.target === 'number' ? attack.params.target : undefined;
  const values = perSample.map((value, i) => value ?? (cleanCorrect[i] && labels[i] !== fixedTarget ? Infinity : Number.NaN));
  return { norm: parts[0]!.norm, source: parts[0]!.source, ...summarizeMinimalPerturbations(values), perSample };
}

/** Merges the shards of one suite (already checked by {@link checkShardSet}). */
function mergeSuite(shards: SuiteReport[]): SuiteReport {
  const first = shards[0]!;
  const origins = shards.flatMap((shard, s) => shard.outcomes.indices.map((index, position) => ({ index, shard: s, position })))
    .sort((a, b) => a.index - b.index);
  const n = origins.length;
  const cleanCorrect = flags(gather(origins, shards.map((shard) => shard.outcomes.clean)).join(''));
  const correct = cleanCorrect.reduce((sum, flag) => sum + flag, 0);
  const labels = gather(origins, shards.map((shard) => shard.outcomes.labels));
  const caseOutcomes: { attack: AttackReport; cases: { budget: number; robust: Uint8Array; sizes: ReturnType<typeof decodeSizes> }[] }[] = [];
  const attacks: AttackReport[] = first.attacks.map((attack) => {
    const cases = attack.results.map((result, r) => {
      const budget = result.epsilon ?? result.severity ?? 0;
      const key = String(budget);
      const perShard = (shard: SuiteReport) => shard.attacks.find((entry) => entry.id === attack.id)!.results[r]!;
      const outcome = (shard: SuiteReport) => {
        const text = shard.outcomes.attacks[attack.id]?.[key];
        if (text === undefined || text.length !== shard.samples) throw new InputError('MERGE_OUTCOMES', `Suite "${first.suite.id}", shard ${shard.shard?.index}: per-sample outcomes of ${attack.id} at ${key} are missing or the wrong length.`);
        return text;
      };
      const sizes = (shard: SuiteReport) => {
        const encoded = shard.outcomes.perturbation?.[attack.id]?.[key];
        if (!encoded) throw new InputError('MERGE_OUTCOMES', `Suite "${first.suite.id}", shard ${shard.shard?.index}: per-sample perturbation sizes of ${attack.id} at ${key} are missing (report written by an older robustcheck); rerun the shard.`);
        try {
          return decodeSizes(encoded, shard.samples);
        } catch (error) {
          throw new InputError('MERGE_OUTCOMES', `Suite "${first.suite.id}", shard ${shard.shard?.index}: perturbation sizes of ${attack.id} at ${key} are corrupt (${(error as Error).message}).`);
        }
      };
      const robust = flags(gather(origins, shards.map(outcome)).join(''));
      const merged = { budget, robust, sizes: gather(origins, shards.map(sizes)) };
      const summary = summarizeCase({
        budgetKind: attack.budgetKind, budget, tally: merged, cleanCorrect,
        attacked: shards.reduce((sum, shard) => sum + perShard(shard).attacked, 0),
        durationMs: shards.reduce((sum, shard) => sum + perShard(shard).durationMs, 0),
      });
      const examples = mergeExamples(shards.map(perShard));
      const targetRate = mergeTargetRate(shards, attack, r);
      const classification = mergeCaseClassification({ shards, results: shards.map(perShard), labels, robust });
      return {
        merged,
        result: { ...summary, ...(targetRate !== undefined ? { targetSuccessRate: targetRate } : {}), ...(examples ? { examples } : {}), ...classification },
      };
    });
    caseOutcomes.push({ attack, cases: cases.map((entry) => entry.merged) });
    const minimalPerturbation = mergeMinimal(shards, attack, origins, cleanCorrect, labels);
    return {
      id: attack.id, type: attack.type, ...(attack.norm ? { norm: attack.norm } : {}), budgetKind: attack.budgetKind, params: attack.params,
      results: cases.map((entry) => entry.result),
      ...(minimalPerturbation ? { minimalPerturbation } : {}),
      ...(attack.skipped !== undefined ? { skipped: attack.skipped } : {}),
    };
  });
  const cleanAccuracy = n ? correct / n : 0;
  // Fields are listed, not copied wholesale: a field this merge does not know how to combine must
  // be missing (and fail the merged == unsharded test), never silently carry shard 1's value.
  const { schemaVersion, tool, suite, model, data, environment, seed } = first;
  const report: SuiteReport = {
    schemaVersion, tool, suite, model, data, environment, seed,
    ...(first.limit !== undefined ? { limit: first.limit } : {}),
    startedAt: shards.map((shard) => shard.startedAt).sort()[0]!,
    durationMs: Math.max(...shards.map((shard) => shard.durationMs)),
    complete: true,
    samples: n,
    clean: { accuracy: cleanAccuracy, correct, ci95: wilsonInterval(correct, n), ...mergeCleanClassification(shards) },
    attacks,
    worstCase: worstCase(caseOutcomes, n),
    score: robustnessScore(attacks.flatMap((attack) => attack.results.map((result) => ({ robustAccuracy: result.robustAccuracy, cleanAccuracy })))),
    sanityChecks: [],
    thresholds: [],
    outcomes: {
      indices: origins.map((origin) => origin.index),
      labels,
      clean: encodeOutcomes(cleanCorrect),
      attacks: Object.fromEntries(caseOutcomes.map(({ attack, cases }) => [attack.id, Object.fromEntries(cases.map((entry) => [String(entry.budget), encodeOutcomes(entry.robust)]))])),
      perturbation: Object.fromEntries(caseOutcomes.map(({ attack, cases }) => [attack.id, Object.fromEntries(cases.map((entry) => [String(entry.budget), encodeSizes(entry.sizes)]))])),
    },
    verdict: 'pass',
    exitCode: 0,
  };
  withStandardBudgets(report);
  Object.assign(report, mergedSanityChecks(report, shards));
  report.thresholds = first.thresholds.map(({ metric, attack, epsilon, norm, expected }) => evaluateThreshold(
    {
      metric: metric as ThresholdSpec['metric'], ...(attack !== undefined ? { attack } : {}), ...(epsilon !== undefined ? { epsilon } : {}),
      ...(norm !== undefined ? { norm: norm as ThresholdSpec['norm'] } : {}), ...expected,
    },
    report, first.suite.confidence,
  ));
  const verdict = decideSuiteVerdict({ thresholds: report.thresholds, sanityChecks: report.sanityChecks, failOn: first.suite.failOn ?? 'fail' });
  report.verdict = verdict.verdict;
  report.exitCode = verdict.exitCode;
  return report;
}

/**
 * Merges shard reports (any suites, any order) into one report per suite, identical to an
 * unsharded run's for deterministic attacks apart from times: metrics are recomputed from the
 * merged per-sample outcomes with the runner's own functions, never averaged. Throws
 * {@link InputError} for shards that do not belong together.
 */
export function mergeShardReports(reports: SuiteReport[]): SuiteReport[] {
  if (reports.length === 0) throw new InputError('MERGE_EMPTY', 'No shard reports to merge: pass the --out folders (or report.json files) of runs with --shard I/N.');
  const bySuite = new Map<string, SuiteReport[]>();
  for (const report of reports) bySuite.set(report.suite.id, [...(bySuite.get(report.suite.id) ?? []), report]);
  return [...bySuite.entries()].map(([suiteId, group]) => mergeSuite(checkShardSet(suiteId, group)));
}
