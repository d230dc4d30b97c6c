import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { SuiteReport } from '../../src/report/report-types.js';
import type { CliResult } from '../helpers/cli-fixture.js';

/** Reporters every verdict test asks for: the summary line, report.json and the JUnit file. */
export const verdictReporters = ['--reporter', 'plain,json,junit'];

/**
 * Checks that one run's verdict reads the same everywhere (DESIGN.md §1, STYLE.md "one verdict"):
 * the plain summary lines, `report.json` (`verdict`, `exitCode`), `summary.json`, the JUnit file
 * (`verdict` property, failures iff the suite failed) and the process exit code. Returns the report.
 */
export function expectOneVerdict(result: CliResult, outDir: string, suiteId: string): SuiteReport {
  const report = JSON.parse(readFileSync(join(outDir, suiteId, 'report.json'), 'utf8')) as SuiteReport;
  const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as { verdict: string; exitCode: number };
  expect(result.code).toBe(report.exitCode);
  expect(summary).toMatchObject({ verdict: report.verdict, exitCode: report.exitCode });
  expect(result.stdout).toContain(`${suiteId}: score ${report.score.toFixed(1)} · ${report.verdict.toUpperCase()} ·`);
  expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^${report.verdict.toUpperCase()}: .* exit ${report.exitCode}$`));
  // The verdict line reaches stderr too, whatever reporters ran (DESIGN.md §6).
  expect(result.stderr).toMatch(new RegExp(`^robustcheck: ${report.verdict.toUpperCase()}\\b.* exit ${report.exitCode}$`, 'm'));
  const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(outDir, suiteId, 'junit.xml'), 'utf8'));
  const suite = junit.testsuites.testsuite;
  const properties = [suite.properties.property].flat() as { name: string; value: string }[];
  expect(properties.find((property) => property.name === 'verdict')?.value).toBe(report.verdict);
  expect(Number(suite.failures) > 0).toBe(report.verdict === 'fail');
  const failedChecks = ([suite.testcase].flat() as { classname: string; name: string; failure?: unknown }[])
    .filter((testcase) => testcase.classname.endsWith('.sanity-checks') && testcase.failure !== undefined).map((testcase) => testcase.name);
  const gatingChecks = report.sanityChecks.filter((check) => check.status === 'fail' || (check.status === 'warn' && report.suite.failOn === 'warn')).map((check) => check.id);
  expect(failedChecks.sort()).toEqual(gatingChecks.sort());
  return report;
}
