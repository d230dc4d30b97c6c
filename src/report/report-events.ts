import { decideRunVerdict } from '../metrics/verdict.js';
import { eventsVersion, type RunEvent } from '../events/run-event.js';
import type { SuiteReport } from './report-types.js';

/**
 * The event stream of finished reports (as a run of them would have emitted it, without progress
 * events): `run:start`, per suite `suite:start`, `clean:end`, `case:end` per attack × budget and
 * `suite:end`, then `run:end` with the run verdict. `report merge` feeds it to the same reporters
 * a run uses, so merged outputs have every format, the event log included.
 */
export function eventsFromReports(reports: SuiteReport[]): RunEvent[] {
  const first = reports[0]!;
  const started = reports.map((report) => report.startedAt).sort()[0]!;
  const events: RunEvent[] = [{
    type: 'run:start', version: eventsVersion, tool: first.tool, suites: reports.map((report) => report.suite.id), time: started,
    backend: { backend: first.environment.backend, reason: first.environment.backendReason, skipped: first.environment.skippedBackends, ...(first.environment.gpu !== undefined ? { gpu: first.environment.gpu } : {}), ...(first.environment.adapter ? { adapter: first.environment.adapter } : {}) },
  }];
  for (const report of reports) {
    const suiteId = report.suite.id;
    events.push({
      type: 'suite:start', suiteId, path: report.suite.path, samples: report.samples, time: report.startedAt,
      ...(report.environment.engine ? { engine: { engine: report.environment.engine.engine, reason: report.environment.engine.reason } } : {}),
      attacks: report.attacks.map((attack) => ({
        id: attack.id, type: attack.type, ...(attack.norm ? { norm: attack.norm } : {}), budgetKind: attack.budgetKind,
        budgets: attack.results.map((result) => result.epsilon ?? result.severity ?? 0),
      })),
    });
    events.push({ type: 'clean:end', suiteId, samples: report.samples, correct: report.clean.correct, accuracy: report.clean.accuracy, ci95: report.clean.ci95 });
    for (const attack of report.attacks) {
      for (const result of attack.results) events.push({ type: 'case:end', suiteId, attackId: attack.id, budget: result.epsilon ?? result.severity ?? 0, result });
    }
    events.push({ type: 'suite:end', suiteId, report });
  }
  const decided = decideRunVerdict(reports, false);
  events.push({
    type: 'run:end', verdict: decided.verdict, exitCode: decided.exitCode, durationMs: Math.max(...reports.map((report) => report.durationMs)),
    suites: reports.map((report) => ({ id: report.suite.id, verdict: report.verdict, score: report.score, exitCode: report.exitCode })),
  });
  return events;
}
