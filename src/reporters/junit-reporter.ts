import { XMLBuilder } from 'fast-xml-parser';
import type { RunEvent } from '../events/run-event.js';
import type { SuiteReport } from '../report/report-types.js';
import { writeFileAtomic } from '../report/write-atomic.js';
import { xmlSafe } from '../format/escape.js';
import { actualText, checkFailsSuite, expectedText, thresholdName } from '../view-text/report-text.js';
import type { Reporter, ReporterOptions } from '../events/reporter.js';
import { suiteFilePath } from './suite-files.js';

/** One `<testcase>`: passed, failed (a gate said no) or errored (evaluation broke). */
interface TestCase {
  classname: string;
  name: string;
  failure?: { type: string; message: string; body: string };
  error?: { type: string; message: string; body: string };
  /** Not judged or not applicable: a `<skipped message=…/>`. */
  skipped?: string;
  output?: string;
}

// The builder escapes & < > " ' itself; xmlSafe removes what XML 1.0 cannot carry at all.
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true, processEntities: true });

function caseNode(entry: TestCase): Record<string, unknown> {
  const problem = (kind: 'failure' | 'error') => {
    const value = entry[kind];
    return value ? { [kind]: { '@_type': xmlSafe(value.type, false), '@_message': xmlSafe(value.message, false), '#text': xmlSafe(value.body) } } : {};
  };
  return {
    '@_classname': xmlSafe(entry.classname, false), '@_name': xmlSafe(entry.name, false), '@_time': '0',
    ...problem('failure'), ...problem('error'),
    ...(entry.skipped !== undefined ? { skipped: { '@_message': xmlSafe(entry.skipped, false) } } : {}),
    ...(entry.output ? { 'system-out': xmlSafe(entry.output) } : {}),
  };
}

function document(suite: { id: string; timestamp: string; seconds: number; properties: Record<string, string> }, cases: TestCase[]): string {
  const failures = cases.filter((entry) => entry.failure).length;
  const errors = cases.filter((entry) => entry.error).length;
  const skipped = cases.filter((entry) => entry.skipped !== undefined).length;
  const counts = { '@_tests': cases.length, '@_failures': failures, '@_errors': errors, '@_skipped': skipped, '@_time': suite.seconds.toFixed(3) };
  return `${builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': 'robustcheck', ...counts,
      testsuite: {
        '@_name': xmlSafe(suite.id, false), ...counts, '@_timestamp': suite.timestamp,
        properties: { property: Object.entries(suite.properties).map(([name, value]) => ({ '@_name': name, '@_value': xmlSafe(value, false) })) },
        testcase: cases.map(caseNode),
      },
    },
  })}`;
}

/**
 * JUnit XML of one suite (a `<testsuite>`): a `<testcase>` per threshold and per sanity check, plus
 * an `evaluation` case that errors when evaluation broke or was interrupted. Failed and
 * inconclusive thresholds are `<failure>`s whose message gives actual vs expected; passing ones
 * carry actual vs expected in `<system-out>`; thresholds a shard does not judge and checks that did
 * not apply are `<skipped/>`. Sanity checks fail when the suite's `failOn` level says so, otherwise
 * their status and message go to `<system-out>`.
 */
export function buildJunitXml(report: SuiteReport): string {
  const prefix = `robustcheck.${report.suite.id}`;
  const cases: TestCase[] = report.thresholds.map((threshold) => ({
    classname: `${prefix}.thresholds`,
    name: thresholdName(report, threshold),
    ...(threshold.status === 'skipped' ? { skipped: threshold.reason } : {}),
    ...(threshold.status === 'pass' || threshold.status === 'skipped' ? {} : {
      failure: { type: `threshold-${threshold.status}`, message: `${threshold.status}: actual ${actualText(threshold)}, expected ${expectedText(threshold)}`, body: threshold.reason },
    }),
    // A passing case carries its numbers too, so a green CI table still shows the margin.
    ...(threshold.status === 'pass' ? { output: `pass: actual ${actualText(threshold)}, expected ${expectedText(threshold)}. ${threshold.reason}` } : {}),
  }));
  for (const check of report.sanityChecks) {
    const fails = checkFailsSuite(check.status, report.suite.failOn);
    cases.push({
      classname: `${prefix}.sanity-checks`, name: check.id,
      ...(fails ? { failure: { type: `sanity-check-${check.status}`, message: `${check.status}: ${check.message}`, body: check.message } } : {}),
      ...(check.status === 'skipped' ? { skipped: `n/a: ${check.message}` } : {}),
      ...(!fails && check.status !== 'skipped' ? { output: `${check.status}: ${check.message}${check.reference ? ` (${check.reference})` : ''}` } : {}),
    });
  }
  const broken = report.error ?? (report.complete ? undefined : { code: 'INCOMPLETE', message: 'The run was interrupted before every case finished; results are partial.' });
  cases.push({ classname: prefix, name: 'evaluation', ...(broken ? { error: { type: broken.code, message: broken.message, body: broken.message } } : {}) });
  const properties: Record<string, string> = {
    verdict: report.verdict, score: report.score.toFixed(1), samples: String(report.samples), seed: String(report.seed),
    backend: report.environment.backend, suite: report.suite.path,
    ...(report.shard ? { shard: `${report.shard.index}/${report.shard.count}` } : {}),
    ...(report.suite.description ? { description: report.suite.description } : {}),
  };
  return document({ id: report.suite.id, timestamp: report.startedAt.slice(0, 19), seconds: report.durationMs / 1000, properties }, cases);
}

/** JUnit XML for a suite that could not even start (e.g. its suite file failed to load). */
export function buildJunitErrorXml(event: Extract<RunEvent, { type: 'suite:error' }>, timestamp: string): string {
  return document({ id: event.suiteId, timestamp, seconds: 0, properties: { suite: event.path } }, [{
    classname: `robustcheck.${event.suiteId}`, name: 'evaluation', error: { type: event.error.code, message: event.error.message, body: event.error.message },
  }]);
}

/** Writes `<out>/<suite-id>/junit.xml` when each suite ends. */
export function createJunitReporter(options: ReporterOptions): Reporter {
  let started = '';
  return {
    name: 'junit',
    onEvent(event: RunEvent) {
      if (event.type === 'run:start') started = event.time.slice(0, 19);
      if (event.type === 'suite:end') writeFileAtomic(suiteFilePath(options.outDir, event.suiteId, 'junit.xml'), buildJunitXml(event.report));
      if (event.type === 'suite:error') writeFileAtomic(suiteFilePath(options.outDir, event.suiteId, 'junit.xml'), buildJunitErrorXml(event, started));
    },
  };
}
