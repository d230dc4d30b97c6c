import { printable } from '../errors.js';
import type { RunEvent } from '../events/run-event.js';
import type { SuiteReport } from '../report/report-types.js';
import { budgetLabel, formatBudget, normBudget, type BudgetKind } from '../format/budget.js';
import { interval } from '../format/interval.js';
import { percent } from '../format/percent.js';
import { seconds } from '../format/duration.js';
import { table } from './text-table.js';
import { interruptNotice } from '../view-text/interrupt-notice.js';
import type { Reporter, ReporterOptions } from '../events/reporter.js';
import { comparisonLines } from './comparison-lines.js';
import { caseDetailText, robustLegend, scoreLegend } from '../view-text/explain.js';
import { createProgressLines, type ProgressLineOptions } from './progress-lines.js';
import { shardNotice } from '../metrics/shard-gate.js';

const statusMark = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE', warn: 'WARN', error: 'ERROR', skipped: 'N/A' } as const;

/**
 * Line-oriented reporter for CI logs and pipes: periodic progress lines inside long cases, one line
 * per attack × budget as it finishes, the thresholds and verdict per suite, and a final table. No
 * ANSI escapes, no redraws.
 */
export function createPlainReporter(options: ReporterOptions & { progress?: ProgressLineOptions }): Reporter {
  // Every line passes the one terminal escaping: events replayed by `report render` or `merge`
  // come from files anyone could have written.
  const write = (line = '') => options.stdout.write(`${printable(line)}\n`);
  const progress = createProgressLines(options.progress);
  const reports: SuiteReport[] = [];
  const attackNorms = new Map<string, string>();
  const budgetKinds = new Map<string, BudgetKind>();
  const started = new Set<string>();
  return {
    name: 'plain',
    terminal: true,
    onEvent(event: RunEvent) {
      switch (event.type) {
        case 'run:start':
          write(`${event.tool.name} ${event.tool.version} · backend ${event.backend.backend} (${event.backend.reason}) · ${event.suites.length} suite(s)`);
          break;
        case 'suite:start':
          started.add(event.suiteId);
          write();
          write(`▶ ${event.suiteId} (${event.path}) — ${event.samples} samples, ${event.attacks.length} attack(s)`);
          if (event.engine) write(`  engine ${event.engine.engine} (${event.engine.reason})`);
          for (const attack of event.attacks) {
            attackNorms.set(`${event.suiteId}/${attack.id}`, attack.norm ?? '');
            budgetKinds.set(`${event.suiteId}/${attack.id}`, attack.budgetKind);
          }
          break;
        case 'clean:end':
          write(`  clean accuracy ${percent(event.accuracy)} ${interval(event.ci95)} (${event.correct}/${event.samples})`);
          write(`  (${robustLegend})`);
          progress.reset();
          break;
        case 'case:progress': {
          const norm = attackNorms.get(`${event.suiteId}/${event.attackId}`) ?? '';
          const line = progress.line(event, `${event.attackId} ${norm ? `${norm} ` : ''}${formatBudget(budgetKinds.get(`${event.suiteId}/${event.attackId}`) ?? 'epsilon', event.budget)}`);
          if (line) write(line);
          break;
        }
        case 'case:end': {
          const { result } = event;
          const norm = attackNorms.get(`${event.suiteId}/${event.attackId}`) ?? '';
          write(`  ${event.attackId.padEnd(14)} ${norm.padEnd(4)} ${budgetLabel(result).padEnd(12)} robust ${percent(result.robustAccuracy).padStart(6)} ${interval(result.ci95)}` +
            `  success ${percent(result.attackSuccessRate).padStart(6)}  ${caseDetailText(result)}`);
          progress.reset();
          break;
        }
        case 'suite:end': {
          const report = event.report;
          reports.push(report);
          if (!started.has(report.suite.id)) {
            write();
            write(`▶ ${report.suite.id} (${report.suite.path})`);
          }
          if (report.error) write(`  error [${report.error.code}]: ${report.error.message}`);
          if (!report.complete && !report.error) write('  incomplete: the run was interrupted; finished results were kept');
          if (report.sanityChecks.length > 0) {
            const counts = (['pass', 'warn', 'fail', 'skipped'] as const).map((status) => [status === 'skipped' ? 'n/a' : status, report.sanityChecks.filter((check) => check.status === status).length] as const);
            write(`  sanity checks: ${counts.filter(([, count]) => count > 0).map(([status, count]) => `${count} ${status}`).join(', ')} (failOn: ${report.suite.failOn ?? 'fail'}; docs/reliability.md C13–C19)`);
            for (const check of report.sanityChecks.filter((entry) => entry.status !== 'pass')) write(`  ${statusMark[check.status].padEnd(12)} ${check.id}: ${check.message}`);
          }
          const cached = report.attacks.filter((attack) => attack.cached).map((attack) => attack.id);
          if (cached.length > 0) write(`  from the result cache (identical model, data, attack, seed and backend; --no-cache recomputes): ${cached.join(', ')}`);
          if (report.baseline) for (const line of comparisonLines(report.baseline)) write(line);
          for (const threshold of report.thresholds) write(`  ${statusMark[threshold.status].padEnd(12)} ${threshold.metric}: ${threshold.reason}`);
          const standard = report.standardBudgets?.entries.filter((entry) => entry.robustAccuracy !== undefined) ?? [];
          if (standard.length > 0) {
            write(`  standard budgets (${report.standardBudgets!.data}): ${standard.map((entry) => `${entry.norm} ${entry.label} → ${percent(entry.robustAccuracy!)}${entry.autoAttack ? ' (AutoAttack)' : ' (not AutoAttack)'}`).join(' · ')}`);
          }
          if (report.shard && !report.error) write(`  ${shardNotice(report.shard)}`);
          write(`  ${report.suite.id}: score ${report.score.toFixed(1)} · ${report.verdict.toUpperCase()}${report.shard ? ` (shard ${report.shard.index}/${report.shard.count}, not judged)` : ''} · ${seconds(report.durationMs)}`);
          write(`  (${scoreLegend})`);
          break;
        }
        case 'suite:error':
          write();
          write(`✗ ${event.suiteId} (${event.path}): [${event.error.code}] ${event.error.message}`);
          break;
        case 'log':
          write(`  ${event.level}: ${event.message}`);
          break;
        case 'run:interrupt':
          // On stderr, as every console says it: the log on stdout stays the run's results.
          (options.stderr ?? process.stderr).write(interruptNotice);
          break;
        case 'run:end': {
          for (const message of event.outputErrors ?? []) write(`error: ${message}`);
          write();
          const rows = [['suite', 'samples', 'clean', 'worst-case', 'score', 'verdict']];
          for (const report of reports) {
            // The weakest point: the worst-case entry with the lowest robust accuracy.
            const worst = [...report.worstCase].sort((a, b) => a.robustAccuracy - b.robustAccuracy)[0];
            rows.push([report.suite.id, String(report.samples), percent(report.clean.accuracy),
              worst ? `${percent(worst.robustAccuracy)} (${normBudget(worst.norm, worst.epsilon)})` : '–', report.score.toFixed(1), report.verdict.toUpperCase()]);
          }
          for (const line of table(rows)) write(line);
          write();
          write(`${event.verdict.toUpperCase()}: ${event.suites.filter((suite) => suite.verdict === 'pass').length}/${event.suites.length} suite(s) passed · ${seconds(event.durationMs)} · exit ${event.exitCode}`);
          break;
        }
        default:
          break;
      }
    },
  };
}

