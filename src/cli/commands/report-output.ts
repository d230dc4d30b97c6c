import { resolve } from 'node:path';
import { createReporters, defaultReporterNames } from '../reporter-registry.js';
import type { Reporter } from '../../events/reporter.js';

/** Flags shared by `report merge` and `report render`. */
export interface ReportOutputFlags {
  out: string;
  reporter?: string[];
}

/**
 * Reporters for commands that write reports from finished results: `--reporter` names, or the
 * plain console summary plus every file reporter. There is no live run to watch, so `ink` prints
 * the plain summary. The Markdown reporter appends to `$GITHUB_STEP_SUMMARY` when it is set.
 */
export async function reportOutputReporters(flags: ReportOutputFlags): Promise<Reporter[]> {
  const names = (flags.reporter ?? defaultReporterNames(false)).map((name) => (name === 'ink' ? 'plain' : name));
  const stepSummaryPath = process.env.GITHUB_STEP_SUMMARY;
  const reporters = createReporters({ names, interactive: false, outDir: resolve(flags.out), stdout: process.stdout, ...(stepSummaryPath ? { stepSummaryPath } : {}) });
  await Promise.all(reporters.map((reporter) => reporter.prepare?.()));
  return reporters;
}
