import type { Command } from 'commander';
import { registerCompareCommand } from './compare-command.js';
import { registerMergeCommand } from './report-merge-command.js';
import { registerRenderCommand } from './report-render-command.js';

/**
 * Adds one `report` subcommand to the `report` command. Subcommands are created with
 * `report.command(…)` so they inherit the program's settings (exit override, suggestions).
 */
export type ReportSubcommand = (report: Command, setExitCode: (code: number) => void) => void;

/** `report` subcommands, one module each; add a module here to add a subcommand. */
const subcommands: ReportSubcommand[] = [registerMergeCommand, registerRenderCommand, registerCompareCommand];

/** Registers `robustcheck report <subcommand>` on the program. */
export function registerReportCommand(program: Command, setExitCode: (code: number) => void): Command {
  const report = program.command('report').description('work with finished reports: merge shards, render event logs, compare runs');
  for (const register of subcommands) register(report, setExitCode);
  return report;
}
