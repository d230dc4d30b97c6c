import { suiteProblems } from '../../view-text/problem-lines.js';
import type { SuiteReport } from '../../report/report-types.js';
import type { RunEvent } from '../../events/run-event.js';
import type { DashboardState, FinishedSuite, LogItem, PlannedAttack, RunningCase, RunningSuite } from './dashboard-state.js';
import { formatBudget } from '../../format/budget.js';

/** What the dashboard folds: the run's events (the user's Ctrl-C arrives as `run:interrupt`). */
export type DashboardAction = RunEvent;

/** The cell after `casesDone` finished ones, in run order (attacks in order, budgets ascending). */
function caseAt(attacks: PlannedAttack[], index: number): { attack: PlannedAttack; budget: number } | undefined {
  let remaining = index;
  for (const attack of attacks) {
    if (remaining < attack.budgets.length) return { attack, budget: attack.budgets[remaining]! };
    remaining -= attack.budgets.length;
  }
  return undefined;
}

/** A placeholder for the next case, so the view says what runs before its first batch reports. */
function nextCase(running: RunningSuite, at: number): RunningCase | undefined {
  const next = caseAt(running.attacks, running.casesDone);
  if (!next) return undefined;
  return {
    attackId: next.attack.id, ...(next.attack.norm ? { norm: next.attack.norm } : {}), budget: next.budget,
    budgetKind: next.attack.budgetKind, done: 0, robustSoFar: 0, startedAt: at, updatedAt: at,
  };
}

/** Summary row of a finished suite; the weakest worst-case entry is the one worth showing. */
export function finishedFromReport(report: SuiteReport): FinishedSuite {
  const worst = [...(report.worstCase ?? [])].sort((a, b) => a.robustAccuracy - b.robustAccuracy)[0];
  return {
    id: report.suite.id, path: report.suite.path, samples: report.samples, seed: report.seed,
    cleanAccuracy: report.clean?.accuracy, score: report.score, verdict: report.verdict, complete: report.complete,
    durationMs: report.durationMs,
    ...(worst ? { worstCase: { robustAccuracy: worst.robustAccuracy, epsilon: worst.epsilon, ...(worst.norm ? { norm: worst.norm } : {}) } } : {}),
    ...(report.error ? { error: report.error } : {}),
    ...(report.shard ? { shard: `${report.shard.index}/${report.shard.count}` } : {}),
    problems: report.thresholds && report.sanityChecks && report.suite ? suiteProblems(report).map((problem) => ({ status: problem.status, text: problem.text })) : [],
  };
}

function withLog(state: DashboardState, item: DistributiveOmit<LogItem, 'key'>): LogItem[] {
  return [...state.log, { ...item, key: String(state.log.length) } as LogItem];
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Folds one event into the dashboard state. Pure: `at` (wall-clock ms) is the time the event
 * arrived, so throughput and ETA can be derived later without reading the clock here. Events of a
 * suite other than the running one only reach the log and the summary.
 */
export function reduceDashboard(state: DashboardState, action: DashboardAction, at: number): DashboardState {
  switch (action.type) {
    case 'run:start':
      return {
        ...state, tool: action.tool, backend: { name: action.backend.backend, reason: action.backend.reason }, queued: action.suites, startedAt: at,
        log: withLog(state, { kind: 'header', tool: action.tool.name, version: action.tool.version, backend: action.backend.backend, backendReason: action.backend.reason, suites: action.suites }),
      };
    case 'suite:start': {
      const casesTotal = action.attacks.reduce((sum, attack) => sum + attack.budgets.length, 0);
      const running: RunningSuite = { id: action.suiteId, path: action.path, samples: action.samples, attacks: action.attacks, startedAt: at, casesDone: 0, casesTotal };
      return { ...state, running, log: withLog(state, { kind: 'suite-start', suiteId: action.suiteId, path: action.path, samples: action.samples, attacks: action.attacks.length, cases: casesTotal, ...(action.engine ? { engine: action.engine.engine } : {}) }) };
    }
    case 'clean:end': {
      const log = withLog(state, { kind: 'clean', suiteId: action.suiteId, accuracy: action.accuracy, ci95: action.ci95, correct: action.correct, samples: action.samples });
      if (state.running?.id !== action.suiteId) return { ...state, log };
      const running = { ...state.running, clean: { accuracy: action.accuracy, correct: action.correct, ci95: action.ci95 } };
      return { ...state, log, running: { ...running, current: nextCase(running, at) } };
    }
    case 'case:progress': {
      const running = state.running;
      if (running?.id !== action.suiteId) return state;
      const same = running.current?.attackId === action.attackId && running.current.budget === action.budget;
      const attack = running.attacks.find((entry) => entry.id === action.attackId);
      const base: RunningCase = same ? running.current! : {
        attackId: action.attackId, ...(attack?.norm ? { norm: attack.norm } : {}), budget: action.budget,
        budgetKind: attack?.budgetKind ?? 'epsilon', done: 0, robustSoFar: 0, startedAt: at, updatedAt: at,
      };
      const current: RunningCase = { ...base, done: action.done, total: action.total, robustSoFar: action.robustSoFar, updatedAt: at };
      return { ...state, running: { ...running, current } };
    }
    case 'case:end': {
      const attack = state.running?.attacks.find((entry) => entry.id === action.attackId);
      const { result } = action;
      const budgetLabel = result.severity !== undefined ? formatBudget('severity', result.severity) : formatBudget('epsilon', result.epsilon ?? action.budget);
      const log = withLog(state, {
        kind: 'case', suiteId: action.suiteId, attackId: action.attackId, ...(attack?.norm ? { norm: attack.norm } : {}), budgetLabel,
        robustAccuracy: result.robustAccuracy, ci95: result.ci95, attackSuccessRate: result.attackSuccessRate, samplesPerSecond: result.samplesPerSecond,
        ...(result.attacked === 0 ? { nothingLeft: true } : {}),
      });
      if (state.running?.id !== action.suiteId) return { ...state, log };
      const running = { ...state.running, casesDone: state.running.casesDone + 1 };
      return { ...state, log, running: { ...running, current: nextCase(running, at) } };
    }
    case 'suite:end': {
      const suite = finishedFromReport(action.report);
      const seeds = state.seeds.includes(action.report.seed) ? state.seeds : [...state.seeds, action.report.seed];
      return {
        ...state, seeds, finished: [...state.finished, suite], log: withLog(state, { kind: 'suite-end', suite }),
        running: state.running?.id === action.suiteId ? undefined : state.running,
      };
    }
    case 'suite:error': {
      const suite: FinishedSuite = { id: action.suiteId, path: action.path, samples: 0, verdict: 'error', complete: false, error: action.error };
      return {
        ...state, finished: [...state.finished, suite], log: withLog(state, { kind: 'suite-end', suite }),
        running: state.running?.id === action.suiteId ? undefined : state.running,
      };
    }
    case 'run:end':
      return {
        ...state, running: undefined,
        end: {
          verdict: action.verdict, exitCode: action.exitCode, durationMs: action.durationMs,
          passed: action.suites.filter((suite) => suite.verdict === 'pass').length, total: action.suites.length,
        },
      };
    case 'log':
      return { ...state, log: withLog(state, { kind: 'message', level: action.level, text: action.suiteId ? `${action.suiteId}: ${action.message}` : action.message }) };
    case 'run:interrupt':
      return state.interrupting ? state : { ...state, interrupting: true };
    default:
      return state;
  }
}

/** Folds a recorded stream (events with their arrival times) from the initial state. */
export function foldDashboard(state: DashboardState, events: { event: DashboardAction; at: number }[]): DashboardState {
  return events.reduce((current, entry) => reduceDashboard(current, entry.event, entry.at), state);
}
