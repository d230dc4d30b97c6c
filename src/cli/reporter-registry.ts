/**
 * Every reporter robustcheck has, in one list: `--reporter` accepts these names, `robustcheck list`
 * prints them, and a run builds its reporters from here. A new reporter is one entry below (and
 * its own file); nothing else lists reporter names. The list lives in the CLI, the composition
 * root, because it is the one place that may import both the file reporters and the terminal UI.
 */
import type { Reporter, ReporterOptions } from '../events/reporter.js';
import { createHtmlReporter } from '../reporters/html-reporter.js';
import { createJsonReporter } from '../reporters/json-reporter.js';
import { createJunitReporter } from '../reporters/junit-reporter.js';
import { createMarkdownReporter } from '../reporters/markdown-reporter.js';
import { createNdjsonReporter } from '../reporters/ndjson-reporter.js';
import { createPlainReporter } from '../reporters/plain-reporter.js';
import { createInkReporter } from '../ui/ink-reporter.js';

/** One reporter: its `--reporter` name, where it writes, and its factory. */
export interface ReporterDefinition {
  readonly name: string;
  /** `terminal`: prints to stdout (one per run); `file`: writes under `--out`, on by default. */
  readonly output: 'terminal' | 'file';
  readonly create: (options: ReporterOptions) => Reporter;
}

/** All reporters, in the order `--help` and `robustcheck list` show them. */
export const reporterRegistry = [
  { name: 'ink', output: 'terminal', create: createInkReporter },
  { name: 'plain', output: 'terminal', create: createPlainReporter },
  { name: 'json', output: 'file', create: createJsonReporter },
  { name: 'junit', output: 'file', create: createJunitReporter },
  { name: 'markdown', output: 'file', create: createMarkdownReporter },
  { name: 'html', output: 'file', create: createHtmlReporter },
  { name: 'ndjson', output: 'file', create: createNdjsonReporter },
] as const satisfies readonly ReporterDefinition[];

/** A `--reporter` name. */
export type ReporterName = (typeof reporterRegistry)[number]['name'];

/** Every `--reporter` name. */
export const reporterNames: readonly ReporterName[] = reporterRegistry.map((reporter) => reporter.name);

/** True when `name` is a reporter. */
export function isReporterName(name: string): name is ReporterName {
  return (reporterNames as readonly string[]).includes(name);
}

/** True when any of `names` prints to the terminal (ink or plain). */
export function includesTerminalReporter(names: readonly string[]): boolean {
  return reporterRegistry.some((reporter) => reporter.output === 'terminal' && names.includes(reporter.name));
}

/**
 * Reporters when `--reporter` is not given: the live UI on an interactive terminal (plain lines
 * otherwise) plus every file reporter.
 */
export function defaultReporterNames(interactive: boolean): ReporterName[] {
  return [interactive ? 'ink' : 'plain', ...reporterRegistry.filter((reporter) => reporter.output === 'file').map((reporter) => reporter.name)];
}

/**
 * Builds the reporters for a run: the names given with `--reporter` (duplicates once), or by
 * default {@link defaultReporterNames}.
 */
export function createReporters(input: { names?: readonly string[]; interactive: boolean; outDir: string; stdout: NodeJS.WritableStream; stepSummaryPath?: string }): Reporter[] {
  const names = input.names ?? defaultReporterNames(input.interactive);
  const options: ReporterOptions = { outDir: input.outDir, stdout: input.stdout, ...(input.stepSummaryPath ? { stepSummaryPath: input.stepSummaryPath } : {}) };
  return [...new Set(names)].map((name) => {
    const definition = reporterRegistry.find((reporter) => reporter.name === name);
    if (!definition) throw new Error(`unknown reporter "${name}"`);
    return definition.create(options);
  });
}
