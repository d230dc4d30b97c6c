import { join } from 'node:path';
import type { RunEvent } from '../runner/events.js';
import { writeFileAtomic } from '../report/write-atomic.js';
import type { Reporter, ReporterOptions } from './reporter.js';

/** File name of the run's event log under the report root. */
export const eventsFileName = 'events.ndjson';

/** Events after which the log is flushed: finished work must survive a crash or Ctrl-C. */
const flushAfter = new Set<RunEvent['type']>(['run:start', 'clean:end', 'case:end', 'suite:end', 'suite:error', 'run:end']);

/**
 * Writes the run's event stream, one JSON event per line, to `<out>/events.ndjson` (one file per
 * run: `run:start` and `run:end` belong to the run, and every suite's events sit between them).
 * `robustcheck report render` replays it into any other format, so every file report can be
 * rebuilt from it. The file is rewritten atomically at each milestone rather than appended, so a
 * reader never sees a half-written line.
 */
export function createNdjsonReporter(options: ReporterOptions): Reporter {
  const lines: string[] = [];
  const path = join(options.outDir, eventsFileName);
  const flush = () => writeFileAtomic(path, lines.join(''));
  return {
    name: 'ndjson',
    onEvent(event: RunEvent) {
      lines.push(`${JSON.stringify(event)}\n`);
      if (flushAfter.has(event.type)) flush();
    },
    close() {
      if (lines.length > 0) flush();
    },
  };
}
