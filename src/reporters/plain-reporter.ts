import { printable } from '../errors.js';
import type { RunEvent } from '../runner/events.js';
import type { SuiteReport } from '../report/report-types.js';
import { budgetLabel, interval, percent, seconds, table } from './format.js';
import type { Reporter, ReporterOptions } from './reporter.js';
import { comparisonLines } from './comparison-lines.js';

const statusMark = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE', warn: 'WARN', error: 'ERROR' } as const;

/**
 * Line-oriented reporter for CI logs and pipes: one line per attack × budget as it finishes, the
 * thresholds and verdict per suite, and a final table. No ANSI escapes, no redraws.
 */
export function createPlainReporter(options: ReporterOptions): Reporter {
  // Every line passes the one terminal escaping: events replayed by `report render` or `merge`
  // come from files anyone could have written.
  const write = (line = '') => options.stdout.write(`${printable(line)}\n`);
  const reports: SuiteReport[] = [];
  const attackNorms = new Map<string, string>();
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
          for (const attack of event.attacks) attackNorms.set(`${event.suiteId}/${attack.id}`, attack.norm ?? '');
          break;
        case 'clean:end':
          write(`  clean accuracy ${percent(event.accuracy)} ${interval(event.ci95)} (${event.correct}/${event.samples})`);
          break;
        case 'case:end': {
          const { result } = event;
          const norm = attackNorms.get(`${event.suiteId}/${event.attackId}`) ?? '';
          write(`  ${event.attackId.padEnd(14)} ${norm.padEnd(4)} ${budgetLabel(result).padEnd(12)} robust ${percent(result.robustAccuracy).padStart(6)} ${interval(result.ci95)}` +
            `  success ${percent(result.attackSuccessRate).padStart(6)}  ‖δ‖∞ max ${result.perturbation.linf.max.toFixed(4)}` +
            `  ‖δ‖₂ mean ${result.perturbation.l2.mean.toFixed(3)}  ${result.samplesPerSecond.toFixed(0)} samples/s`);
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
            const counts = (['pass', 'warn', 'fail'] as const).map((status) => [status, report.sanityChecks.filter((check) => check.status === status).length] as const);
            write(`  sanity checks: ${counts.filter(([, count]) => count > 0).map(([status, count]) => `${count} ${status}`).join(', ')} (failOn: ${report.suite.failOn ?? 'fail'})`);
            for (const check of report.sanityChecks.filter((entry) => entry.status !== 'pass')) write(`  ${statusMark[check.status].padEnd(12)} ${check.id}: ${check.message}`);
          }
          if (report.baseline) for (const line of comparisonLines(report.baseline)) write(line);
          for (const threshold of report.thresholds) write(`  ${statusMark[threshold.status].padEnd(12)} ${threshold.metric}: ${threshold.reason}`);
          write(`  ${report.suite.id}: score ${report.score.toFixed(1)} · ${report.verdict.toUpperCase()} · ${seconds(report.durationMs)}`);
          break;
        }
        case 'suite:error':
          write();
          write(`✗ ${event.suiteId} (${event.path}): [${event.error.code}] ${event.error.message}`);
          break;
        case 'log':
          write(`  ${event.level}: ${event.message}`);
          break;
        case 'run:end': {
          for (const message of event.outputErrors ?? []) write(`error: ${message}`);
          write();
          const rows = [['suite', 'samples', 'clean', 'worst-case', 'score', 'verdict']];
          for (const report of reports) {
            // The weakest point: the worst-case entry with the lowest robust accuracy.
            const worst = [...report.worstCase].sort((a, b) => a.robustAccuracy - b.robustAccuracy)[0];
            rows.push([report.suite.id, String(report.samples), percent(report.clean.accuracy),
              worst ? `${percent(worst.robustAccuracy)} (${worst.norm} ε=${worst.epsilon})` : '–', report.score.toFixed(1), report.verdict.toUpperCase()]);
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
