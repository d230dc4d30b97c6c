import { RobustcheckError, RuntimeFailure } from '../errors.js';
import { ReporterMultiplexer } from '../reporters/multiplexer.js';
import type { Reporter } from '../reporters/reporter.js';
import type { RunEvent } from '../runner/events.js';
import { readEventLog } from './event-log.js';

/**
 * Replays events into reporters, exactly as a live run feeds them, then closes them. Reporters
 * render only what events carry, so the files equal those the run wrote. Throws the first
 * reporter failure (a report that could not be written is a runtime error, exit 3).
 */
export function replayEvents(events: RunEvent[], reporters: Reporter[]): void {
  const multiplexer = new ReporterMultiplexer(reporters);
  for (const event of events) multiplexer.emit(event);
  multiplexer.close();
  const failure = multiplexer.failures[0];
  if (failure) {
    throw failure.error instanceof RobustcheckError ? failure.error
      : new RuntimeFailure('REPORTER_FAILED', `Reporter ${failure.reporter} failed: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`);
  }
}

/**
 * `report render`: rebuilds reports from an `events.ndjson` (validated first, see
 * {@link readEventLog}). Returns the events so callers can summarise them.
 */
export function renderEventLog(path: string, reporters: Reporter[]): RunEvent[] {
  const events = readEventLog(path);
  replayEvents(events, reporters);
  return events;
}
