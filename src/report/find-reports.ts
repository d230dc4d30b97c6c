import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { SuiteReport } from './report-types.js';
import { readReportFile } from './read-report.js';

/**
 * Reads the reports named by command-line arguments: a report.json file, or a report root (a
 * run's `--out` folder) whose `<suite-id>/report.json` files are all read. Every report is
 * validated against the report schema.
 */
export function findReports(paths: string[]): SuiteReport[] {
  const reports: SuiteReport[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new InputError('REPORT_MISSING', `${path} does not exist: pass report.json files or the --out folders of shard runs.`);
    if (!statSync(path).isDirectory()) {
      reports.push(readReportFile(path));
      continue;
    }
    const files = readdirSync(path, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(path, entry.name, 'report.json')))
      .map((entry) => join(path, entry.name, 'report.json'))
      .sort();
    if (files.length === 0) throw new InputError('REPORT_MISSING', `${path} holds no <suite-id>/report.json: pass the --out folder of a run (or report.json files).`);
    reports.push(...files.map(readReportFile));
  }
  return reports;
}
