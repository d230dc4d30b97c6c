import { join } from 'node:path';
import type { RunEvent } from '../events/run-event.js';
import type { SuiteReport } from '../report/report-types.js';
import { writeFileAtomic } from '../report/write-atomic.js';
import type { Reporter, ReporterOptions } from '../events/reporter.js';
import { suiteFilePath } from './suite-files.js';

/** Path of a suite's report folder under the report root. */
export function suiteReportDir(outDir: string, suiteId: string): string {
  return join(outDir, suiteId);
}

/**
 * Writes `<out>/<suite-id>/report.json` when a suite ends and `<out>/summary.json` for the whole
 * run, both atomically.
 */
export function createJsonReporter(options: ReporterOptions): Reporter {
  const suites: SuiteReport[] = [];
  return {
    name: 'json',
    onEvent(event: RunEvent) {
      if (event.type === 'suite:end') {
        suites.push(event.report);
        writeFileAtomic(suiteFilePath(options.outDir, event.suiteId, 'report.json'), `${JSON.stringify(event.report, null, 2)}\n`);
      }
      if (event.type === 'run:end') {
        const summary = {
          schemaVersion: 1,
          verdict: event.verdict,
          exitCode: event.exitCode,
          durationMs: Math.round(event.durationMs),
          suites: event.suites,
          ...(event.outputErrors ? { outputErrors: event.outputErrors } : {}),
        };
        writeFileAtomic(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
      }
    },
  };
}
