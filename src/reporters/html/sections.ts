import type { SuiteReport } from '../../report/report-types.js';
import { actualText, budgetText, checkFailsSuite, className, expectedText, thresholdName } from '../../view-text/report-text.js';
import { loadedCharts } from './chart-loader.js';
import { html, type SafeHtml } from './markup.js';
import { perClassTable } from './per-class.js';
import { contributionRows, queryRows, scoreDefinition, standardBudgetRows } from '../../view-text/protocol-text.js';
import { robustLegend, scoreLegend } from '../../view-text/explain.js';
import { shardNotice } from '../../metrics/shard-gate.js';
import { percent } from '../../format/percent.js';
import { interval } from '../../format/interval.js';
import { seconds } from '../../format/duration.js';

// `skipped` (a check with nothing to look at, a threshold a shard does not judge) reads "n/a".
const badge = (status: string) => html`<span class="badge ${status}">${status === 'skipped' ? 'N/A' : status.toUpperCase()}</span>`;

/** Title, verdict, description and the facts that identify the run. */
export function headerSection(report: SuiteReport): SafeHtml {
  const facts: [string, string][] = [
    ['suite', `${report.suite.path} (sha256 ${report.suite.sha256.slice(0, 12)}…)`],
    ['model', `${report.model.path} (${report.model.format}, ${report.model.outputKind}${report.model.sha256 ? `, sha256 ${report.model.sha256.slice(0, 12)}…` : ''})`],
    ['data', `${report.data.path} (${report.data.size} samples, labels from ${report.data.labels})`],
    ['evaluated', `${report.samples} samples${report.shard ? ` · shard ${report.shard.index}/${report.shard.count}` : ''}${report.limit !== undefined ? ` · limit ${report.limit}` : ''}`],
    ['seed', String(report.seed)],
    ['backend', `${report.environment.backend} (${report.environment.backendReason})`],
    ['environment', `tfjs ${report.environment.tfjsVersion} · Node ${report.environment.node} · ${report.environment.platform} · ${report.environment.cpu}`],
    ['started', report.startedAt],
    ['duration', `${seconds(report.durationMs)}${report.complete ? '' : ' (incomplete: interrupted or stopped by an error)'}`],
  ];
  return html`<header>
<h1>${report.suite.id} ${badge(report.verdict)}</h1>
<p>score <strong>${report.score.toFixed(1)}</strong> / 100 <span class="muted">(${scoreLegend})</span> · clean accuracy <strong>${percent(report.clean.accuracy)}</strong> (95% CI ${interval(report.clean.ci95, 'range')}, ${report.clean.correct}/${report.samples})</p>
${report.suite.description ? html`<p class="description">${report.suite.description}</p>` : ''}
<dl class="meta">${facts.map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}</dl>
${report.shard ? html`<p class="muted">${shardNotice(report.shard)}.</p>` : ''}
${report.error ? html`<div class="error-box" role="alert"><strong>Error ${report.error.code}</strong>: ${report.error.message}</div>` : ''}
</header>`;
}

/** Accuracy-vs-budget chart per attack and a worst-case chart per norm, as SVG images. */
export function chartsSection(report: SuiteReport): SafeHtml {
  const module = loadedCharts();
  if (!module) return html`<section id="charts"><p class="muted">Charts were not drawn: the charting module was not loaded before rendering (await prepareHtmlReports()).</p></section>`;
  const { attackChartSpec, renderSvg, svgDataUri, worstCaseChartSpec } = module;
  const charts = report.attacks.filter((attack) => attack.results.length > 0).map((attack) => ({
    svg: renderSvg(attackChartSpec(report, attack.id)), alt: `Robust accuracy of ${attack.id} against its budget, with the clean accuracy dashed`,
  }));
  for (const norm of [...new Set(report.worstCase.map((entry) => entry.norm))]) {
    charts.push({ svg: renderSvg(worstCaseChartSpec(report, norm)), alt: `Worst-case robust accuracy over every ${norm} attack` });
  }
  if (charts.length === 0) return html``;
  return html`<section id="charts"><h2>Accuracy under attack</h2><div class="charts">
${charts.map((chart) => html`<figure class="chart"><img src="${svgDataUri(chart.svg)}" alt="${chart.alt}"></figure>`)}
</div></section>`;
}

/** Every attack × budget result. */
export function resultsSection(report: SuiteReport): SafeHtml {
  const rows = report.attacks.flatMap((attack) => attack.results.map((result) => html`<tr>
<td>${attack.id}</td><td>${attack.type}</td><td>${attack.norm ?? '–'}</td><td>${budgetText(report, attack.id, result.epsilon ?? result.severity)}</td>
<td class="num">${percent(result.robustAccuracy)}</td><td class="num">${interval(result.ci95, 'range')}</td><td class="num">${percent(result.attackSuccessRate)}</td>
${result.attacked === 0
    ? html`<td class="muted" colspan="3">every sample already broken at a smaller budget</td><td class="num">0</td><td class="num">–</td></tr>`
    : html`<td class="num">${result.perturbation.linf.max.toFixed(4)}</td><td class="num">${result.perturbation.l2.mean.toFixed(3)}</td><td class="num">${result.perturbation.l0.mean.toFixed(1)}</td>
<td class="num">${result.attacked}</td><td class="num">${result.samplesPerSecond.toFixed(0)}</td></tr>`}`));
  const worst = report.worstCase.map((entry) => html`<tr><td>${entry.norm}</td><td class="num">${entry.epsilon}</td>
<td class="num">${percent(entry.robustAccuracy)}</td><td class="num">${interval(entry.ci95, 'range')}</td><td>${entry.attacks.join(', ')}</td></tr>`);
  return html`<section id="results"><h2>Results</h2>
<p class="muted">${robustLegend}.</p>
<table><thead><tr><th>attack</th><th>type</th><th>norm</th><th>budget</th><th>robust</th><th>95% CI</th><th>attack success</th>
<th>‖δ‖∞ max</th><th>‖δ‖₂ mean</th><th>‖δ‖₀ mean</th><th>attacked</th><th>samples/s</th></tr></thead><tbody>${rows}</tbody></table>
${worst.length > 0 ? html`<h3>Worst case (a sample counts only if it survives every attack of the norm)</h3>
<table><thead><tr><th>norm</th><th>ε</th><th>robust</th><th>95% CI</th><th>attacks</th></tr></thead><tbody>${worst}</tbody></table>` : ''}
${protocolTables(report)}
<p class="muted">${scoreDefinition}</p>
</section>`;
}

/** A plain table of text cells. */
function textTable(headers: string[], rows: string[][]): SafeHtml {
  return html`<table><thead><tr>${headers.map((header) => html`<th>${header}</th>`)}</tr></thead><tbody>${rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody></table>`;
}

/** Standard-budget summary, cascade contributions and Square's query counts, where present. */
function protocolTables(report: SuiteReport): SafeHtml {
  const budgets = standardBudgetRows(report);
  const contributions = contributionRows(report);
  const queries = queryRows(report);
  return html`${budgets.length > 0 ? html`<h3>Standard budgets (${report.standardBudgets!.data}, inputs in [0, 1])</h3>
${textTable(['norm', 'ε', 'robust (worst case)', '95% CI', 'attacks', 'comparable with published numbers'], budgets)}` : ''}
${contributions.length > 0 ? html`<h3>Cascade contributions (each member attacks only what earlier members left robust)</h3>
${textTable(['attack', 'ε', 'member', 'attacked', 'broken'], contributions)}` : ''}
${queries.length > 0 ? html`<h3>Queries per sample (score-based attacks)</h3>${textTable(['attack', 'ε', 'samples', 'mean', 'median', 'max'], queries)}` : ''}`;
}

/** Thresholds (actual vs expected) and sanity checks. */
export function gatesSection(report: SuiteReport): SafeHtml {
  const thresholds = report.thresholds.map((threshold) => html`<tr><td>${badge(threshold.status)}</td><td>${thresholdName(report, threshold)}</td>
<td class="num">${actualText(threshold)}</td><td>${expectedText(threshold)}</td><td class="text">${threshold.reason}</td></tr>`);
  const checks = report.sanityChecks.map((check) => html`<tr><td>${badge(check.status)}</td><td>${check.id}</td>
<td>${checkFailsSuite(check.status, report.suite.failOn) ? 'yes' : 'no'}</td><td class="text">${check.message}</td></tr>`);
  return html`<section id="thresholds"><h2>Thresholds</h2>
${thresholds.length > 0 ? html`<table><thead><tr><th>status</th><th>threshold</th><th>actual</th><th>expected</th><th>reason</th></tr></thead><tbody>${thresholds}</tbody></table>` : html`<p class="muted">No thresholds in this suite.</p>`}
</section><section id="sanity-checks"><h2>Sanity checks</h2>
${checks.length > 0 ? html`<table><thead><tr><th>status</th><th>check</th><th>fails the suite</th><th>message</th></tr></thead><tbody>${checks}</tbody></table>` : html`<p class="muted">No sanity checks were reported.</p>`}
<p class="muted">A passing self-check is never evidence of robustness; a failing one is evidence of a broken evaluation.</p>
</section>`;
}

/** Clean and robust accuracy per class (each attack at its largest budget). */
export function perClassSection(report: SuiteReport): SafeHtml {
  const table = perClassTable(report);
  if (table.rows.length === 0) return html``;
  const fraction = (count: number, total: number) => (total ? percent(count / total) : '–');
  return html`<section id="per-class"><h2>Per class</h2>
<table><thead><tr><th>class</th><th>samples</th><th>clean</th>${table.columns.map((column) => html`<th>${column.attackId} at ${budgetText(report, column.attackId, Number(column.budget))}</th>`)}</tr></thead>
<tbody>${table.rows.map((row) => html`<tr><td>${className(report, row.label)}</td><td class="num">${row.samples}</td><td class="num">${fraction(row.cleanCorrect, row.samples)}</td>
${row.robust.map((count) => html`<td class="num">${fraction(count, row.samples)}</td>`)}</tr>`)}</tbody></table></section>`;
}
