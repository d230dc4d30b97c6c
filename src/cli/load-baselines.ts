import { InputError } from '../errors.js';
import { findReports } from '../report/find-reports.js';
import type { SuiteReport } from '../report/report-types.js';
import type { ResolvedSuite } from '../suite/types.js';

/** Baseline reports of `--baseline FILE|DIR`, by suite id. */
export interface Baselines {
  /** The path as given, for messages and reports. */
  source: string;
  reports: Map<string, SuiteReport>;
}

/**
 * Loads `--baseline`: a report.json, or a report root whose `<suite-id>/report.json` files are
 * read (each validated against the report schema). Refuses a regression threshold without a
 * baseline before anything runs: silently passing the gate would hide a regression.
 *
 * @throws InputError `BASELINE_REQUIRED` (exit 2) when a suite gates on `regression` and no
 *   baseline was given; the report readers' InputErrors for missing or invalid files
 */
export function loadBaselines(path: string | undefined, suites: ResolvedSuite[]): Baselines | undefined {
  if (path === undefined) {
    const gated = suites.filter((suite) => suite.thresholds.some((threshold) => threshold.metric === 'regression'));
    if (gated.length > 0) {
      throw new InputError('BASELINE_REQUIRED', `Suite(s) ${gated.map((suite) => suite.displayPath).join(', ')} gate on "regression", which compares with an earlier run: ` +
        'pass --baseline with that run\'s report.json or report folder (e.g. --baseline reports-main/), or remove the regression threshold.');
    }
    return undefined;
  }
  const reports = new Map<string, SuiteReport>();
  for (const report of findReports([path])) {
    if (reports.has(report.suite.id)) throw new InputError('BASELINE_DUPLICATE', `--baseline ${path} holds two reports of suite "${report.suite.id}": point it at one run's report folder.`);
    reports.set(report.suite.id, report);
  }
  return { source: path, reports };
}
