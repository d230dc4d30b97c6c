import { InputError } from '../errors.js';
import { isReservedSuiteId } from './report-layout.js';
import type { SuiteReport } from './report-types.js';

/**
 * Checks a schema-valid report for what the schema cannot say: labels inside the model's classes,
 * per-sample arrays of one length, confusion matrices of the model's size. `report merge` and
 * `report compare` index arrays by these numbers; a hostile or corrupted report must be refused
 * with its location (exit 2), not crash a merge or produce a wrong table.
 *
 * @param source - file (and line) named in messages
 * @throws InputError `REPORT_INVALID`
 */
export function checkReportConsistency(report: SuiteReport, source: string): void {
  const classes = report.model.numClasses;
  const problems: string[] = [];
  if (isReservedSuiteId(report.suite.id)) problems.push(`/suite/id "${report.suite.id}" is reserved: a report folder named after it would collide with a run-level file`);
  const { outcomes } = report;
  const badLabel = outcomes.labels.findIndex((label) => !Number.isInteger(label) || label < 0 || label >= classes);
  if (badLabel >= 0) problems.push(`/outcomes/labels/${badLabel} is ${outcomes.labels[badLabel]}, outside the model's ${classes} classes (0–${classes - 1})`);
  if (outcomes.indices.length !== outcomes.labels.length) problems.push(`/outcomes holds ${outcomes.indices.length} indices but ${outcomes.labels.length} labels`);
  if (outcomes.clean.length > 0 && outcomes.clean.length !== outcomes.labels.length) problems.push(`/outcomes/clean has ${outcomes.clean.length} outcomes for ${outcomes.labels.length} samples`);
  if (outcomes.labels.length > 0 && outcomes.labels.length !== report.samples) problems.push(`/outcomes has ${outcomes.labels.length} samples but /samples is ${report.samples}`);
  const confusion = report.clean.confusion;
  if (confusion && (confusion.length !== classes || confusion.some((row) => row.length !== classes))) {
    problems.push(`/clean/confusion is not ${classes} × ${classes} (the model's classes)`);
  }
  report.attacks.forEach((attack, a) => attack.results.forEach((result, r) => {
    if (result.confusion && (result.confusion.length !== classes || result.confusion.some((row) => row.length !== classes))) {
      problems.push(`/attacks/${a}/results/${r}/confusion is not ${classes} × ${classes}`);
    }
  }));
  if (problems.length > 0) {
    throw new InputError('REPORT_INVALID', `${source} is not a consistent robustcheck report:\n  ${problems.slice(0, 5).join('\n  ')}`);
  }
}
