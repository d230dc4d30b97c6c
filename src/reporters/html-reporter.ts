import type { RunEvent } from '../events/run-event.js';
import { writeFileAtomic } from '../report/write-atomic.js';
import { renderErrorPage, renderReportPage } from './html/page.js';
import { loadCharts } from './html/chart-loader.js';
import type { Reporter, ReporterOptions } from '../events/reporter.js';
import { suiteFilePath } from './suite-files.js';

/**
 * Writes `<out>/<suite-id>/report.html` when each suite ends: a self-contained page (no network,
 * no scripts) with accuracy-vs-budget charts, results, thresholds, sanity checks, per-class
 * accuracy and a gallery of adversarial examples.
 */
export function createHtmlReporter(options: ReporterOptions): Reporter {
  // Start loading the charts now; runs take far longer than the import, and `prepare` awaits it.
  const charts = loadCharts();
  charts.catch(() => {});
  return {
    name: 'html',
    prepare: () => charts,
    onEvent(event: RunEvent) {
      if (event.type === 'suite:end') writeFileAtomic(suiteFilePath(options.outDir, event.suiteId, 'report.html'), renderReportPage(event.report));
      if (event.type === 'suite:error') writeFileAtomic(suiteFilePath(options.outDir, event.suiteId, 'report.html'), renderErrorPage(event.suiteId, event.path, event.error));
    },
  };
}

/**
 * Loads what HTML reports need to draw charts (vega, loaded lazily). `robustcheck run` and the
 * report commands await it; library code rendering HTML itself should too, or pages have no charts.
 */
export function prepareHtmlReports(): Promise<void> {
  return loadCharts();
}
