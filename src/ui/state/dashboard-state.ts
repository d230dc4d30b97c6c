import type { Verdict } from '../../report/report-types.js';

/** One attack as announced by `suite:start`. */
export interface PlannedAttack {
  id: string;
  type: string;
  norm?: string;
  budgets: number[];
  budgetKind: 'epsilon' | 'severity';
}

/** The attack × budget being evaluated now (or next, before its first batch reports). */
export interface RunningCase {
  attackId: string;
  norm?: string;
  budget: number;
  budgetKind: 'epsilon' | 'severity';
  /** Samples attacked so far / to attack at this budget; `total` is unknown until the first batch. */
  done: number;
  total?: number;
  /** Attacked samples that survived so far. */
  robustSoFar: number;
  /** Wall clock (ms since epoch) when the case started and when it last reported. */
  startedAt: number;
  updatedAt: number;
}

/** The suite being evaluated now. */
export interface RunningSuite {
  id: string;
  path: string;
  samples: number;
  attacks: PlannedAttack[];
  startedAt: number;
  clean?: { accuracy: number; correct: number; ci95: [number, number] };
  /** Finished and total attack × budget cells of this suite. */
  casesDone: number;
  casesTotal: number;
  current?: RunningCase;
}

/** A finished (or failed) suite as shown in the summary table. */
export interface FinishedSuite {
  id: string;
  path: string;
  samples: number;
  seed?: number;
  cleanAccuracy?: number;
  /** Lowest worst-case robust accuracy over every ε of the suite (fraction). */
  worstCase?: { robustAccuracy: number; norm?: string; epsilon: number };
  score?: number;
  verdict: Verdict;
  /** False when the run was interrupted or failed before every case finished. */
  complete: boolean;
  durationMs?: number;
  error?: { code: string; message: string };
  /** `--shard` runs: "1/2" (thresholds are then not judged; `report merge` judges). */
  shard?: string;
  /** Failed or inconclusive thresholds and failing sanity checks, with their values and intervals. */
  problems?: { status: string; text: string }[];
}

/** One line of the append-only run log (rendered once, in Ink's `<Static>`). */
export type LogItem =
  | { key: string; kind: 'header'; tool: string; version: string; backend: string; backendReason: string; suites: string[] }
  | { key: string; kind: 'suite-start'; suiteId: string; path: string; samples: number; attacks: number; cases: number; engine?: string }
  | { key: string; kind: 'clean'; suiteId: string; accuracy: number; ci95: [number, number]; correct: number; samples: number }
  | { key: string; kind: 'case'; suiteId: string; attackId: string; norm?: string; budgetLabel: string; robustAccuracy: number; ci95: [number, number]; attackSuccessRate: number; samplesPerSecond: number; nothingLeft?: boolean }
  | { key: string; kind: 'suite-end'; suite: FinishedSuite }
  | { key: string; kind: 'message'; level: 'info' | 'warn' | 'error'; text: string };

/** End of the run (`run:end`). */
export interface RunEnd {
  verdict: Verdict | 'interrupted';
  exitCode: number;
  durationMs: number;
  passed: number;
  total: number;
}

/**
 * Everything the live dashboard shows, folded from the run's events by `reduceDashboard`.
 * Times are wall-clock milliseconds passed in with each event, so the reducer stays pure.
 */
export interface DashboardState {
  tool?: { name: string; version: string };
  backend?: { name: string; reason: string };
  /** Suite ids announced by `run:start`, in run order. */
  queued: string[];
  /** Distinct seeds of the finished suites (events carry seeds only in reports). */
  seeds: number[];
  startedAt?: number;
  log: LogItem[];
  running?: RunningSuite;
  finished: FinishedSuite[];
  /** Set when the user pressed Ctrl-C: the run finishes its batch and writes partial reports. */
  interrupting: boolean;
  end?: RunEnd;
}

/** The state before any event. */
export function initialDashboardState(): DashboardState {
  return { queued: [], seeds: [], log: [], finished: [], interrupting: false };
}
