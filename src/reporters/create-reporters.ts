import { createInkReporter } from './ink-reporter.js';
import { createHtmlReporter } from './html-reporter.js';
import { createJsonReporter } from './json-reporter.js';
import { createJunitReporter } from './junit-reporter.js';
import { createMarkdownReporter } from './markdown-reporter.js';
import { createNdjsonReporter } from './ndjson-reporter.js';
import { createPlainReporter } from './plain-reporter.js';
import type { Reporter, ReporterOptions } from './reporter.js';

/** Reporter factories by `--reporter` name. */
const factories: Record<string, (options: ReporterOptions) => Reporter> = {
  plain: createPlainReporter,
  ink: createInkReporter,
  json: createJsonReporter,
  junit: createJunitReporter,
  markdown: createMarkdownReporter,
  html: createHtmlReporter,
  ndjson: createNdjsonReporter,
};

/** File reporters written by default when `--reporter` does not narrow them. */
export const defaultFileReporters = ['json', 'junit', 'markdown', 'html', 'ndjson'];

/**
 * Builds the reporters for a run: the names given with `--reporter`, or by default one console
 * reporter (ink on an interactive terminal, plain otherwise) plus every file reporter.
 */
export function createReporters(input: { names?: string[]; interactive: boolean; outDir: string; stdout: NodeJS.WritableStream; stepSummaryPath?: string }): Reporter[] {
  const names = input.names ?? [input.interactive ? 'ink' : 'plain', ...defaultFileReporters];
  const unique = [...new Set(names)];
  return unique.map((name) => factories[name]!({ outDir: input.outDir, stdout: input.stdout, ...(input.stepSummaryPath ? { stepSummaryPath: input.stepSummaryPath } : {}) }));
}
