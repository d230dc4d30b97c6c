import type { Command } from 'commander';
import { findReports } from '../../report/find-reports.js';
import { mergeShardReports } from '../../report/merge-shards.js';
import { eventsFromReports } from '../../report/report-events.js';
import { replayEvents, writeReporterFailures } from '../render-events.js';
import { parseReporters } from '../parse-options.js';
import { reporterNames } from '../reporter-registry.js';
import { reportOutputReporters, type ReportOutputFlags } from './report-output.js';

/**
 * `robustcheck report merge SHARD... --out DIR`: merges the reports of `--shard I/N` runs into
 * one report per suite (every format, events.ndjson included) and exits with the merged run's
 * verdict code (0 pass, 1 fail), so a CI merge job gates on it. Shards that do not belong
 * together are refused with exit 2.
 */
export async function reportMergeCommand(paths: string[], flags: ReportOutputFlags): Promise<number> {
  const merged = mergeShardReports(findReports(paths));
  const events = eventsFromReports(merged);
  const { runEnd, failures } = replayEvents(events, await reportOutputReporters(flags));
  writeReporterFailures(failures, (text) => process.stderr.write(text));
  // The verdict every output shows, a report that failed to write included (then exit 3).
  return runEnd?.exitCode ?? (failures.length > 0 ? 3 : 0);
}

export function registerMergeCommand(report: Command, setExitCode: (code: number) => void): void {
  report.command('merge')
    .description('merge the reports of --shard I/N runs into one report per suite (identical to an unsharded run)')
    .argument('<shards...>', 'shard report roots (the --out folders of the shard runs) or report.json files')
    .requiredOption('--out <dir>', 'report root for the merged reports')
    .option('--reporter <names>', `comma-separated reporters: ${reporterNames.join(', ')}`, parseReporters)
    .action(async (paths: string[], flags: ReportOutputFlags) => setExitCode(await reportMergeCommand(paths, flags)));
}
