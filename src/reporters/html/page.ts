import type { SuiteReport } from '../../report/report-types.js';
import { gallerySection } from './gallery.js';
import { html, SafeHtml } from './markup.js';
import { chartsSection, gatesSection, headerSection, perClassSection, resultsSection } from './sections.js';
import { reportCss } from './styles.js';

/**
 * Content-Security-Policy of the page: nothing may be fetched and no script may run; images only
 * from `data:` URIs, styles only inline. Escaping keeps report strings out of the markup; the
 * policy is the second wall should anything slip through.
 */
export const reportCsp = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** The stylesheet is a trusted constant: inserted as is (escaping would turn its quotes into entities). */
const styles = new SafeHtml(reportCss);

/** The self-contained `report.html` of one suite. */
export function renderReportPage(report: SuiteReport): string {
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportCsp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${report.tool.name} ${report.tool.version}">
<title>${report.suite.id} · robustcheck report</title>
<style>${styles}</style>
</head>
<body>
${headerSection(report)}
${chartsSection(report)}
${resultsSection(report)}
${gatesSection(report)}
${perClassSection(report)}
${gallerySection(report)}
<footer class="muted"><p>${report.tool.name} ${report.tool.version} · report.json schemaVersion ${report.schemaVersion}</p></footer>
</body>
</html>`}\n`;
}

/** A page for a suite that could not start (no report exists). */
export function renderErrorPage(suiteId: string, path: string, error: { code: string; message: string }): string {
  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${reportCsp}">
<title>${suiteId} · robustcheck report</title><style>${styles}</style></head>
<body><h1>${suiteId} <span class="badge error">ERROR</span></h1><p class="muted">${path}</p>
<div class="error-box" role="alert"><strong>Error ${error.code}</strong>: ${error.message}</div></body></html>`}\n`;
}
