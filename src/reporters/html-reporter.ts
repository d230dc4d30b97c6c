import type { RunEvent } from '../runner/events.js';
import { writeFileAtomic } from '../report/write-atomic.js';
import { renderErrorPage, renderReportPage } from './html/page.js';
import type { Reporter, ReporterOptions } from './reporter.js';
import { suiteFilePath } from './suite-files.js';

/**
 * Writes `<out>/<suite-id>/report.html` when each suite ends: a self-contained page (no network,
 * no scripts) with accuracy-vs-budget charts, results, thresholds, sanity checks, per-class
 * accuracy and a gallery of adversarial examples.
 */
export function createHtmlReporter(options: ReporterOptions): Reporter {
  return {
    name: 'html',
    onEvent(event: RunEvent) {
      if (event.type === 'suite:end') writeFileAtomic(suiteFilePath(options.outDir, event.suiteId, 'report.html'), renderReportPage(event.report));
      if (event.type === 'suite:error') writeFileAtomic(suiteFilePath(options.outDir, event.suiteId, 'report.html'), renderErrorPage(event.suiteId, event.path, event.error));
    },
  };
}
