import { contributionRows, queryRows, scoreDefinition, standardBudgetRows } from '../view-text/protocol-text.js';
import { percent } from '../format/percent.js';
import { interval } from '../format/interval.js';
import { seconds } from '../format/duration.js';
import type { SuiteReport } from '../report/report-types.js';
import { escapeMarkdown, escapeMarkdownParagraph, markdownCode } from '../format/escape.js';
import { robustLegend, scoreLegend } from '../view-text/explain.js';
import { shardNotice } from '../metrics/shard-gate.js';
import { budgetText, checkFailsSuite, expectedText, actualText, thresholdName } from '../view-text/report-text.js';

const verdictMark = { pass: '✅', fail: '❌', error: '💥', interrupted: '⏹️' } as const;
const statusMark = { pass: '✅ pass', fail: '❌ fail', inconclusive: '❔ inconclusive', warn: '⚠️ warn', skipped: '➖ n/a' } as const;

/** A GitHub-flavoured Markdown table; cells must already be escaped. */
function table(header: string[], align: ('l' | 'r')[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${align.map((side) => (side === 'r' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function attackRows(report: SuiteReport): string[][] {
  return report.attacks.flatMap((attack) => attack.results.map((result) => [
    markdownCode(attack.id), escapeMarkdown(attack.norm ?? '–'), escapeMarkdown(budgetText(report, attack.id, result.epsilon ?? result.severity)),
    percent(result.robustAccuracy), interval(result.ci95, 'range'), percent(result.attackSuccessRate),
    ...(result.attacked === 0 ? ['–', '– (all broken at a smaller budget)'] : [result.perturbation.linf.max.toFixed(4), result.perturbation.l2.mean.toFixed(3)]),
  ]));
}

/**
 * `summary.md` of one suite: verdict line, clean accuracy, robust accuracy per attack × budget,
 * worst case, thresholds (actual vs expected) and sanity checks, as GitHub-flavoured Markdown
 * tables fit for a pull-request comment or `$GITHUB_STEP_SUMMARY`. Every string that came from a
 * file is escaped, so a hostile name can neither break a table nor inject markup or mentions.
 */
export function buildMarkdownSummary(report: SuiteReport): string {
  const lines: string[] = [];
  const shard = report.shard ? ` · shard ${report.shard.index}/${report.shard.count}` : '';
  lines.push(`## ${verdictMark[report.verdict]} robustcheck ${markdownCode(report.suite.id)}: ${report.verdict.toUpperCase()} · score ${report.score.toFixed(1)}`, '');
  if (report.suite.description) lines.push(escapeMarkdownParagraph(report.suite.description), '');
  lines.push(`${report.samples} samples · seed ${report.seed} · backend ${escapeMarkdown(report.environment.backend)}${shard} · ${seconds(report.durationMs)}` +
    `${report.complete ? '' : ' · **incomplete**'} · suite ${markdownCode(report.suite.path)}`, '');
  lines.push(`_${escapeMarkdown(scoreLegend)}._`, '');
  if (report.shard) lines.push(`> ${escapeMarkdown(shardNotice(report.shard))}.`, '');
  if (report.error) lines.push(`> **Error** ${markdownCode(report.error.code)}: ${escapeMarkdown(report.error.message)}`, '');
  lines.push(...table(['metric', 'value', '95% CI', 'samples'], ['l', 'r', 'l', 'r'],
    [['clean accuracy', percent(report.clean.accuracy), interval(report.clean.ci95, 'range'), `${report.clean.correct}/${report.samples}`]]), '');
  const attacks = attackRows(report);
  if (attacks.length > 0) {
    lines.push('### Robust accuracy', '', `_${escapeMarkdown(robustLegend)}._`, '');
    lines.push(...table(['attack', 'norm', 'budget', 'robust', '95% CI', 'attack success', '‖δ‖∞ max', '‖δ‖₂ mean'], ['l', 'l', 'l', 'r', 'l', 'r', 'r', 'r'], attacks), '');
  }
  if (report.worstCase.length > 0) {
    lines.push('### Worst case (every attack of the norm at that ε)', '');
    lines.push(...table(['norm', 'ε', 'robust', '95% CI', 'attacks'], ['l', 'r', 'r', 'l', 'l'], report.worstCase.map((entry) => [
      escapeMarkdown(entry.norm), String(entry.epsilon), percent(entry.robustAccuracy), interval(entry.ci95, 'range'), entry.attacks.map(markdownCode).join(', '),
    ])), '');
  }
  if (report.standardBudgets) {
    lines.push(`### Standard budgets (${escapeMarkdown(report.standardBudgets.data)}, inputs in [0, 1])`, '');
    lines.push(...table(['norm', 'ε', 'robust (worst case)', '95% CI', 'attacks', 'comparable with published numbers'], ['l', 'r', 'r', 'l', 'l', 'l'],
      standardBudgetRows(report).map((row) => row.map(escapeMarkdown))), '');
  }
  const contributions = contributionRows(report);
  if (contributions.length > 0) {
    lines.push('### Cascade contributions (each member attacks only what earlier members left robust)', '');
    lines.push(...table(['attack', 'ε', 'member', 'attacked', 'broken'], ['l', 'r', 'l', 'r', 'r'], contributions.map((row) => row.map(escapeMarkdown))), '');
  }
  const queries = queryRows(report);
  if (queries.length > 0) {
    lines.push('### Queries per sample (score-based attacks)', '');
    lines.push(...table(['attack', 'ε', 'samples', 'mean', 'median', 'max'], ['l', 'r', 'r', 'r', 'r', 'r'], queries.map((row) => row.map(escapeMarkdown))), '');
  }
  lines.push(`<sub>${escapeMarkdown(scoreDefinition)}</sub>`, '');
  if (report.thresholds.length > 0) {
    lines.push('### Thresholds', '');
    lines.push(...table(['status', 'threshold', 'actual', 'expected', 'reason'], ['l', 'l', 'r', 'l', 'l'], report.thresholds.map((threshold) => [
      statusMark[threshold.status], escapeMarkdown(thresholdName(report, threshold)), escapeMarkdown(actualText(threshold)),
      escapeMarkdown(expectedText(threshold)), escapeMarkdown(threshold.reason),
    ])), '');
  }
  if (report.sanityChecks.length > 0) {
    lines.push('### Sanity checks', '');
    lines.push(...table(['status', 'check', 'fails the suite', 'message'], ['l', 'l', 'l', 'l'], report.sanityChecks.map((check) => [
      statusMark[check.status], markdownCode(check.id), checkFailsSuite(check.status, report.suite.failOn) ? 'yes' : 'no', escapeMarkdown(check.message),
    ])), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Summary of a suite that could not start (suite file or model failed to load). */
export function buildMarkdownError(suiteId: string, path: string, error: { code: string; message: string }): string {
  return [`## 💥 robustcheck ${markdownCode(suiteId)}: ERROR`, '', `Suite ${markdownCode(path)}`, '',
    `> **Error** ${markdownCode(error.code)}: ${escapeMarkdown(error.message)}`, ''].join('\n');
}
