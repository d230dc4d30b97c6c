import type { SuiteReport } from '../report/report-types.js';
import { checkFailsSuite } from './report-text.js';

/** One reason a suite did not pass, as plain text. */
export interface Problem {
  kind: 'threshold' | 'sanity-check';
  /** `fail`, `inconclusive`, `warn` … as written in the report. */
  status: string;
  /** "robust-accuracy: robust accuracy of pgd at 0.03 25.0% (CI 20.1%–30.2%) is not ≥ 30.0%". */
  text: string;
}

/**
 * Every threshold that did not pass and every sanity check that fails the suite under its
 * `failOn` policy, with the measured value and its interval: what a failing run must name on
 * every console view (plain log and terminal dashboard alike).
 */
export function suiteProblems(report: Pick<SuiteReport, 'thresholds' | 'sanityChecks' | 'suite'>): Problem[] {
  const problems: Problem[] = [];
  for (const threshold of report.thresholds) {
    if (threshold.status === 'pass' || threshold.status === 'skipped') continue;
    problems.push({ kind: 'threshold', status: threshold.status, text: `${threshold.metric}: ${threshold.reason}` });
  }
  for (const check of report.sanityChecks) {
    if (!checkFailsSuite(check.status, report.suite.failOn)) continue;
    problems.push({ kind: 'sanity-check', status: check.status, text: `sanity check ${check.id}: ${check.message}` });
  }
  return problems;
}
