import { closeSync, constants, ftruncateSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeFailure } from '../errors.js';
import type { RunEvent } from '../events/run-event.js';
import type { Reporter, ReporterOptions } from '../events/reporter.js';

/** File name of the run's event log under the report root. */
export const eventsFileName = 'events.ndjson';

/**
 * Writes the run's event stream, one JSON event per line, to `<out>/events.ndjson` (one file per
 * run: `run:start` and `run:end` belong to the run, and every suite's events sit between them).
 * `robustcheck report render` replays it into any other format, so every file report can be
 * rebuilt from it.
 *
 * Each event is appended once, as one write of one whole line, the moment it arrives: the bytes
 * written are linear in the events (rewriting the whole log at each milestone wrote hundreds of
 * MiB for a few MiB of reports), and finished work is on disk if the process dies. The log is
 * created afresh (a stale file, link or FIFO at that path is removed, never followed). A `run:end`
 * sent again — the verdict corrected after a report failed to write — replaces the previous one,
 * so the log holds the one verdict the exit code has. `run:interrupt` is not written: `run:end`
 * records the interruption.
 */
export function createNdjsonReporter(options: ReporterOptions): Reporter {
  const path = join(options.outDir, eventsFileName);
  let fd: number | undefined;
  let size = 0;
  let runEndAt: number | undefined;
  const fail = (error: unknown) => new RuntimeFailure('REPORT_WRITE', `Could not write ${path}: ${(error as Error).message}. Check that --out points to a writable folder.`);
  const open = (): number => {
    mkdirSync(options.outDir, { recursive: true });
    rmSync(path, { force: true });
    return openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  };
  return {
    name: 'ndjson',
    onEvent(event: RunEvent) {
      // A notice for the live console, not a result: a replay of the log must not repeat it.
      if (event.type === 'run:interrupt') return;
      try {
        fd ??= open();
        if (event.type === 'run:end' && runEndAt !== undefined) {
          ftruncateSync(fd, runEndAt);
          size = runEndAt;
        }
        const bytes = Buffer.from(`${JSON.stringify(event)}\n`, 'utf8');
        runEndAt = event.type === 'run:end' ? size : undefined;
        let written = 0;
        while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, size + written);
        size += bytes.length;
      } catch (error) {
        throw fail(error);
      }
    },
    close() {
      if (fd === undefined) return;
      const open = fd;
      fd = undefined;
      closeSync(open);
    },
  };
}
