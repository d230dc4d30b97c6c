import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode, InputError, printable } from '../../errors.js';
import { compareReports, defaultAlpha } from '../../metrics/compare-reports.js';
import type { BaselineComparison } from '../../report/comparison-types.js';
import { findReports } from '../../report/find-reports.js';
import type { SuiteReport } from '../../report/report-types.js';
import { comparisonLines, verdictWords } from '../../reporters/comparison-lines.js';

/** Flags of `report compare`. */
export interface CompareFlags {
  alpha: number;
  json?: boolean;
}

/** One suite's comparison. */
interface SuiteComparison {
  suiteId: string;
  comparison: BaselineComparison;
}

/** Pairs reports by suite id; two single reports pair whatever their ids. */
function pairReports(base: SuiteReport[], candidate: SuiteReport[], basePath: string, candidatePath: string): [SuiteReport, SuiteReport][] {
  if (base.length === 1 && candidate.length === 1) return [[base[0]!, candidate[0]!]];
  const baseIds = base.map((report) => report.suite.id);
  const candidateIds = candidate.map((report) => report.suite.id);
  const unmatched = [
    ...baseIds.filter((id) => !candidateIds.includes(id)).map((id) => `suite "${id}" is only in ${basePath}`),
    ...candidateIds.filter((id) => !baseIds.includes(id)).map((id) => `suite "${id}" is only in ${candidatePath}`),
  ];
  if (unmatched.length > 0) throw new InputError('REPORTS_INCOMPARABLE', `Cannot compare ${basePath} with ${candidatePath}:\n  ${unmatched.join('\n  ')}\nCompare report folders of runs of the same suites, or two report.json files.`);
  return base.map((report) => [report, candidate.find((other) => other.suite.id === report.suite.id)!]);
}

/**
 * `robustcheck report compare BASE CANDIDATE`: compares two runs sample by sample (per clean /
 * attack × budget / worst-case result: accuracies, newly broken and newly robust samples, exact
 * McNemar test, verdict). Exit 2 when the runs are not comparable (different data, samples,
 * seed or attack settings — every difference is named), 1 when a result regressed significantly,
 * else 0.
 */
export function compareCommand(basePath: string, candidatePath: string, flags: CompareFlags, write: (line: string) => void): number {
  const pairs = pairReports(findReports([basePath]), findReports([candidatePath]), basePath, candidatePath);
  const results: SuiteComparison[] = pairs.map(([base, candidate]) => ({
    suiteId: candidate.suite.id, comparison: compareReports(base, candidate, { alpha: flags.alpha, source: basePath }),
  }));
  const refused = results.filter((entry) => !entry.comparison.comparable);
  if (refused.length > 0) {
    const lines = refused.flatMap((entry) => [`suite "${entry.suiteId}":`, ...entry.comparison.differences.map((line) => `  - ${line}`)]);
    throw new InputError('REPORTS_INCOMPARABLE', `Cannot compare ${basePath} with ${candidatePath} sample by sample:\n${lines.join('\n')}\nRe-run the candidate with the baseline's data, --seed, --limit/--shard and attack settings.`);
  }
  const regressed = results.some((entry) => entry.comparison.verdict === 'significant-regression');
  const exitCode = regressed ? ExitCode.fail : ExitCode.pass;
  if (flags.json) {
    write(JSON.stringify({ base: basePath, candidate: candidatePath, exitCode, suites: results }, null, 2));
    return exitCode;
  }
  for (const { suiteId, comparison } of results) {
    const [base, candidate] = pairs.find(([, report]) => report.suite.id === suiteId)!;
    write(`▶ ${suiteId}: baseline model ${base.model.sha256.slice(0, 12) || '?'} (${base.startedAt}) vs candidate model ${candidate.model.sha256.slice(0, 12) || '?'} (${candidate.startedAt}), ${candidate.samples} paired samples`);
    for (const line of comparisonLines(comparison)) write(line);
    write('');
  }
  const worst = results.map((entry) => entry.comparison.verdict);
  const summary = regressed ? verdictWords['significant-regression'] : worst.includes('worse-within-noise') ? verdictWords['worse-within-noise'] : worst.includes('improved') ? verdictWords.improved : verdictWords.unchanged;
  write(`${summary.toUpperCase()}: ${results.length} suite(s) compared · exit ${exitCode}`);
  return exitCode;
}

function parseAlpha(value: string): number {
  const alpha = Number(value);
  if (!(alpha > 0 && alpha < 1)) throw new InvalidArgumentError(`expected a significance level between 0 and 1 (e.g. 0.05), got "${value}".`);
  return alpha;
}

/** Registers `report compare` (see `report-command.ts`). */
export function registerCompareCommand(report: Command, setExitCode: (code: number) => void): void {
  const write = (line: string) => process.stdout.write(`${printable(line)}\n`);
  report.command('compare')
    .description('compare two runs sample by sample: newly broken vs newly robust samples, McNemar test; exit 1 on a significant regression')
    .argument('<base>', 'baseline report.json or report folder')
    .argument('<candidate>', 'candidate report.json or report folder')
    .option('--alpha <p>', 'significance level of each row\'s two-sided McNemar test', parseAlpha, defaultAlpha)
    .option('--json', 'machine-readable output')
    .action((base: string, candidate: string, flags: CompareFlags) => setExitCode(compareCommand(base, candidate, flags, write)));
}
