import { ExitCode } from '../errors.js';
import type { SanityCheckResult, ThresholdResult, Verdict } from '../report/report-types.js';

/** The one verdict of a suite that the summary line, every report and the exit code read. */
export interface SuiteVerdict {
  verdict: Verdict;
  exitCode: number;
  /** Human-readable reasons for a non-pass verdict. */
  reasons: string[];
}

/**
 * Decides a suite's verdict: `error` when evaluation failed (exit 3); `fail` when a threshold
 * failed or was inconclusive, or a sanity check reached the `failOn` level (exit 1); else `pass`.
 */
export function decideSuiteVerdict(input: {
  error?: { code: string; message: string };
  /** Stopped by Ctrl-C or SIGTERM before it finished: the verdict is `interrupted` (exit 130), never `pass`. */
  interrupted?: boolean;
  thresholds: ThresholdResult[];
  sanityChecks: SanityCheckResult[];
  failOn: 'fail' | 'warn' | 'never';
}): SuiteVerdict {
  if (input.error) return { verdict: 'error', exitCode: ExitCode.runtime, reasons: [input.error.message] };
  if (input.interrupted) return { verdict: 'interrupted', exitCode: ExitCode.interrupted, reasons: ['interrupted (Ctrl-C or SIGTERM) before every result was measured'] };
  const reasons: string[] = [];
  for (const threshold of input.thresholds) {
    if (threshold.status !== 'pass' && threshold.status !== 'skipped') reasons.push(`${threshold.metric} ${threshold.status}: ${threshold.reason}`);
  }
  const failing = input.failOn === 'never' ? [] : input.failOn === 'warn' ? ['warn', 'fail'] : ['fail'];
  for (const check of input.sanityChecks) {
    if (failing.includes(check.status)) reasons.push(`sanity check ${check.id} ${check.status}: ${check.message}`);
  }
  return reasons.length > 0 ? { verdict: 'fail', exitCode: ExitCode.fail, reasons } : { verdict: 'pass', exitCode: ExitCode.pass, reasons };
}

/**
 * Run verdict over suites: the worst suite decides (error > fail > pass) and an interruption
 * wins. An errored suite keeps its own code: 2 for bad input (model or data files), 3 for a
 * runtime failure; the highest of those is the run's.
 */
export function decideRunVerdict(suites: { verdict: Verdict; exitCode: number }[], interrupted: boolean): { verdict: Verdict; exitCode: number } {
  if (interrupted || suites.some((suite) => suite.verdict === 'interrupted')) return { verdict: 'interrupted', exitCode: ExitCode.interrupted };
  const errored = suites.filter((suite) => suite.verdict === 'error');
  if (errored.length > 0) return { verdict: 'error', exitCode: Math.max(...errored.map((suite) => suite.exitCode)) };
  if (suites.some((suite) => suite.verdict === 'fail')) return { verdict: 'fail', exitCode: ExitCode.fail };
  return { verdict: 'pass', exitCode: ExitCode.pass };
}
