import { appendRegularFile } from '../io/regular-file.js';
import type { RunEvent } from '../events/run-event.js';
import { writeFileAtomic } from '../report/write-atomic.js';
import { buildMarkdownError, buildMarkdownSummary } from './markdown-summary.js';
import type { Reporter, ReporterOptions } from '../events/reporter.js';
import { suiteFilePath } from './suite-files.js';

/**
 * Writes `<out>/<suite-id>/summary.md` when each suite ends and, when `stepSummaryPath` is set
 * (the CLI passes `$GITHUB_STEP_SUMMARY`), appends the same Markdown to it so the tables show on
 * the GitHub Actions run page.
 */
export function createMarkdownReporter(options: ReporterOptions): Reporter {
  const publish = (suiteId: string, markdown: string) => {
    writeFileAtomic(suiteFilePath(options.outDir, suiteId, 'summary.md'), markdown);
    if (!options.stepSummaryPath) return;
    // Appending (not replacing) is the step-summary contract: other steps write there too. Only a
    // regular file is appended to: a FIFO would block the run forever.
    appendRegularFile(options.stepSummaryPath, `${markdown}\n`, {
      code: 'STEP_SUMMARY_WRITE', name: '$GITHUB_STEP_SUMMARY', hint: 'Unset the variable or point it at a writable regular file.',
    });
  };
  return {
    name: 'markdown',
    onEvent(event: RunEvent) {
      if (event.type === 'suite:end') publish(event.suiteId, buildMarkdownSummary(event.report));
      if (event.type === 'suite:error') publish(event.suiteId, buildMarkdownError(event.suiteId, event.path, event.error));
    },
  };
}
