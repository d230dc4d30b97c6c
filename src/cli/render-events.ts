import { describeReporterFailure, ReporterMultiplexer, type ReporterFailure } from '../reporters/multiplexer.js';
import type { Reporter } from '../events/reporter.js';
import type { RunEvent } from '../events/run-event.js';
import { readEventLog } from '../report/event-log.js';

/** What a replay ended with: the `run:end` reporters received (output failures folded in). */
export interface ReplayOutcome {
  runEnd?: Extract<RunEvent, { type: 'run:end' }>;
  /** Reporters that could not write: each already changed `runEnd` to verdict `error`, exit 3. */
  failures: ReporterFailure[];
}

/**
 * Replays events into reporters, exactly as a live run feeds them, then closes them. Reporters
 * render only what events carry, so the files equal those the run wrote. A reporter that fails
 * (a report that could not be written) does not stop the others; the failures are returned.
 */
export function replayEvents(events: RunEvent[], reporters: Reporter[]): ReplayOutcome {
  const multiplexer = new ReporterMultiplexer(reporters);
  for (const event of events) multiplexer.emit(event);
  multiplexer.close();
  return { ...(multiplexer.finalRunEnd ? { runEnd: multiplexer.finalRunEnd } : {}), failures: multiplexer.failures };
}

/** Writes one `robustcheck: …` line per reporter failure (to stderr in the CLI). */
export function writeReporterFailures(failures: readonly ReporterFailure[], writeError: (text: string) => void): void {
  for (const failure of failures) writeError(`robustcheck: ${describeReporterFailure(failure)}\n`);
}

/**
 * `report render`: rebuilds reports from an `events.ndjson` (validated first, see
 * {@link readEventLog}).
 */
export function renderEventLog(path: string, reporters: Reporter[]): ReplayOutcome & { events: RunEvent[] } {
  const events = readEventLog(path);
  return { ...replayEvents(events, reporters), events };
}
