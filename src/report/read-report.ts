import AjvModule, { type ValidateFunction } from 'ajv';
import { InputError } from '../errors.js';
import { describeFileProblem, readRegularFile } from '../io/regular-file.js';
import { parseBoundedJson } from './bounded-json.js';
import { checkReportConsistency } from './report-consistency.js';
import { reportSchemaVersion, type SuiteReport } from './report-types.js';
import { buildReportSchema } from './report-schema.js';

// ajv is CommonJS; under NodeNext its class is the default export's `default`.
const Ajv = AjvModule.default;
let validator: ValidateFunction | undefined;

/** Largest report file read (bytes): far above any real report, low enough to refuse a runaway file. */
export const maxReportBytes = 512 * 1024 * 1024;

/**
 * Checks that `value` is a report.json of a layout this version reads (schema + version), and
 * returns it typed. `source` names the file (and line) in messages. Reports come from other
 * machines (CI shards) or users, so everything is validated before it reaches a file name or page.
 */
export function checkReport(value: unknown, source: string): SuiteReport {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== undefined && version !== reportSchemaVersion) {
    throw new InputError('REPORT_VERSION', `${source}: report schemaVersion ${JSON.stringify(version)} is not supported (this robustcheck reads ${reportSchemaVersion}); use the robustcheck version that wrote it.`);
  }
  validator ??= new Ajv({ strict: true, allErrors: true }).compile(buildReportSchema());
  if (!validator(value)) {
    const problems = (validator.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
    throw new InputError('REPORT_INVALID', `${source} is not a valid robustcheck report (schemas/report.schema.json):\n  ${problems.join('\n  ')}`);
  }
  checkReportConsistency(value as SuiteReport, source);
  return value as SuiteReport;
}

/** Reads and validates a report.json file (a regular file of at most {@link maxReportBytes}). */
export function readReportFile(path: string): SuiteReport {
  const text = readRegularFile(path, {
    maxBytes: maxReportBytes,
    error: (problem, detail) => problem === 'too-large'
      ? new InputError('REPORT_TOO_LARGE', `${path} ${describeFileProblem(problem, detail, maxReportBytes)}; it is not a robustcheck report.`)
      : new InputError('REPORT_MISSING', `Cannot read ${path}: ${describeFileProblem(problem, detail, maxReportBytes)}. Pass report.json files or the --out folders of shard runs.`),
  }).toString('utf8');
  return checkReport(parseBoundedJson(text, path, 'REPORT_JSON'), path);
}
