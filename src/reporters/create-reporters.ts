import { createJsonReporter } from './json-reporter.js';
import { createPlainReporter } from './plain-reporter.js';
import type { Reporter, ReporterOptions } from './reporter.js';

/** Reporter factories by `--reporter` name. */
const factories: Record<string, (options: ReporterOptions) => Reporter> = {
  plain: createPlainReporter,
  // The Ink dashboard is not built yet; on a terminal the plain reporter stands in for it.
  ink: createPlainReporter,
  json: createJsonReporter,
};

/** File reporters written by default when `--reporter` does not narrow them. */
const defaultFileReporters = ['json'];

/**
 * Builds the reporters for a run: the names given with `--reporter`, or by default one console
 * reporter (ink on an interactive terminal, plain otherwise) plus every file reporter.
 */
export function createReporters(input: { names?: string[]; interactive: boolean; outDir: string; stdout: NodeJS.WritableStream }): Reporter[] {
  const names = input.names ?? [input.interactive ? 'ink' : 'plain', ...defaultFileReporters];
  const unique = [...new Set(names)];
  return unique.map((name) => factories[name]!({ outDir: input.outDir, stdout: input.stdout }));
}
