import type { Command } from 'commander';
import { ExitCode } from '../../errors.js';
import { renderEventLog, writeReporterFailures } from '../render-events.js';
import { parseReporters } from '../parse-options.js';
import { reporterNames } from '../reporter-registry.js';
import { reportOutputReporters, type ReportOutputFlags } from './report-output.js';

/**
 * `robustcheck report render EVENTS --reporter … --out DIR`: rebuilds reports from a run's
 * events.ndjson. Exits 0 once they are written (2 for an invalid event log, 3 when a file cannot
 * be written); the verdict of the recorded run is in the reports.
 */
export async function reportRenderCommand(path: string, flags: ReportOutputFlags): Promise<number> {
  const { failures } = renderEventLog(path, await reportOutputReporters(flags));
  writeReporterFailures(failures, (text) => process.stderr.write(text));
  return failures.length > 0 ? ExitCode.runtime : ExitCode.pass;
}

export function registerRenderCommand(report: Command, setExitCode: (code: number) => void): void {
  report.command('render')
    .description('rebuild reports (json, junit, markdown, html, …) from a run\'s events.ndjson')
    .argument('<events>', 'events.ndjson written by a run (under its --out folder)')
    .requiredOption('--out <dir>', 'report root to write')
    .option('--reporter <names>', `comma-separated reporters: ${reporterNames.join(', ')} (default: plain + every file format)`, parseReporters)
    .action(async (path: string, flags: ReportOutputFlags) => setExitCode(await reportRenderCommand(path, flags)));
}
