import { InputError } from '../errors.js';
import { selectSamples } from '../data/sample-selection.js';
import type { SuiteReport } from './report-types.js';

/** What must be equal across the shards of one suite for their union to be one run. */
function fingerprint(report: SuiteReport): Record<string, unknown> {
  return {
    'suite file (sha256)': report.suite.sha256,
    seed: report.seed,
    'model (sha256)': report.model.sha256,
    data: report.data,
    limit: report.limit ?? null,
    'shard count': report.shard?.count,
    'robustcheck version': report.tool.version,
    backend: report.environment.backend,
    'attacks and budgets': report.attacks.map((attack) => ({
      id: attack.id, type: attack.type, norm: attack.norm, budgetKind: attack.budgetKind, params: attack.params,
      budgets: attack.results.map((result) => result.epsilon ?? result.severity),
    })),
    thresholds: report.thresholds.map(({ metric, attack, epsilon, expected }) => ({ metric, attack, epsilon, expected })),
    'gate settings': { confidence: report.suite.confidence ?? null, failOn: report.suite.failOn ?? null },
    'class names': report.model.classNames ?? null,
  };
}

const label = (report: SuiteReport) => `shard ${report.shard?.index ?? '?'}/${report.shard?.count ?? '?'}`;

/**
 * Refuses shard reports of one suite that cannot be merged into the report of a single run:
 * unsharded, incomplete or failed shards; different suite files, seeds, models, data, limits,
 * versions, backends, attacks or gates; missing or duplicate shards; sample lists that are not the
 * deterministic split. Returns the reports ordered by shard index.
 */
export function checkShardSet(suiteId: string, reports: SuiteReport[]): SuiteReport[] {
  for (const report of reports) {
    if (!report.shard) throw new InputError('MERGE_NOT_SHARD', `Suite "${suiteId}": a report without a shard (${report.startedAt}) was given; merge only reports of runs with --shard I/N.`);
    if (report.error || !report.complete) {
      throw new InputError('MERGE_INCOMPLETE', `Suite "${suiteId}", ${label(report)} is incomplete${report.error ? ` (${report.error.code}: ${report.error.message})` : ' (interrupted)'}; rerun that shard before merging.`);
    }
  }
  const [first, ...rest] = reports;
  const expected = fingerprint(first!);
  for (const report of rest) {
    const actual = fingerprint(report);
    for (const key of Object.keys(expected)) {
      if (JSON.stringify(actual[key]) !== JSON.stringify(expected[key])) {
        throw new InputError('MERGE_MISMATCH', `Suite "${suiteId}": ${label(report)} and ${label(first!)} differ in ${key} ` +
          `(${JSON.stringify(actual[key]).slice(0, 120)} vs ${JSON.stringify(expected[key]).slice(0, 120)}); shards must come from one suite, seed, model and robustcheck version.`);
      }
    }
  }
  const count = first!.shard!.count;
  const byIndex = new Map<number, SuiteReport>();
  for (const report of reports) {
    if (byIndex.has(report.shard!.index)) throw new InputError('MERGE_DUPLICATE', `Suite "${suiteId}": ${label(report)} was given twice; pass each shard once.`);
    byIndex.set(report.shard!.index, report);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) throw new InputError('MERGE_MISSING', `Suite "${suiteId}": shard(s) ${missing.map((index) => `${index}/${count}`).join(', ')} missing; pass all ${count} shards.`);
  const ordered = [...byIndex.keys()].sort((a, b) => a - b).map((index) => byIndex.get(index)!);
  for (const report of ordered) {
    const expectedIndices = selectSamples(report.data.size, report.limit, report.shard);
    if (JSON.stringify(expectedIndices) !== JSON.stringify(report.outcomes.indices) || report.outcomes.labels.length !== report.samples) {
      throw new InputError('MERGE_SAMPLES', `Suite "${suiteId}", ${label(report)}: its samples are not the deterministic split of ${report.data.size} samples; the report was edited or written by another version.`);
    }
  }
  return ordered;
}
