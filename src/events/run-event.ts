import type { BackendSelection } from './backend-selection.js';
import type { CaseResult, SuiteReport, Verdict } from '../report/report-types.js';

/**
 * Version of the event stream format (events.ndjson), checked by every reader: it changes when an
 * event that logs hold changes shape or a new type starts being written to logs (readers refuse
 * types they do not know). `run:interrupt` is never written to a log, so it came within version 1.
 */
export const eventsVersion = 1;

/**
 * The run as a stream of JSON-safe events (DESIGN.md §4). Every reporter and the UI consume only
 * these, so all outputs agree and an event log can be replayed into any format.
 */
export type RunEvent =
  | { type: 'run:start'; version: number; tool: { name: string; version: string }; suites: string[]; backend: BackendSelection; time: string }
  | { type: 'suite:start'; suiteId: string; path: string; samples: number; attacks: { id: string; type: string; norm?: string; budgets: number[]; budgetKind: 'epsilon' | 'severity' }[]; time: string; engine?: { engine: string; reason: string } }
  | { type: 'clean:end'; suiteId: string; samples: number; correct: number; accuracy: number; ci95: [number, number] }
  | { type: 'case:progress'; suiteId: string; attackId: string; budget: number; done: number; total: number; robustSoFar: number }
  | { type: 'case:end'; suiteId: string; attackId: string; budget: number; result: CaseResult }
  | { type: 'suite:end'; suiteId: string; report: SuiteReport }
  | { type: 'suite:error'; suiteId: string; path: string; error: { code: string; message: string }; exitCode: number }
  | {
    type: 'run:end'; verdict: Verdict | 'interrupted'; exitCode: number; suites: { id: string; verdict: Verdict; score?: number; exitCode: number }[]; durationMs: number;
    /** Reports that could not be written (disk full, a failing `$GITHUB_STEP_SUMMARY`): they made the verdict `error`, exit 3. */
    outputErrors?: string[];
  }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; suiteId?: string }
  /**
   * The user stopped the run (Ctrl-C or SIGTERM; `time` ISO 8601): the current batch finishes,
   * partial reports follow and `run:end` says `interrupted`. Consoles acknowledge it at once. A
   * notice for whoever watches the run, not a result: event logs leave it out, so a replay never
   * repeats it (the log's `run:end` records the interruption).
   */
  | { type: 'run:interrupt'; signal: InterruptSignal; time: string };

/** Signals that interrupt a run. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** A consumer of run events. */
export type EventSink = (event: RunEvent) => void;
