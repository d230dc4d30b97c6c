import type { RunEvent } from './run-event.js';

/**
 * A consumer of the run's event stream (DESIGN.md §4). Reporters never compute results: they
 * render what the events carry, so every output agrees with every other.
 */
export interface Reporter {
  /** Name used with `--reporter`. */
  readonly name: string;
  /**
   * True for reporters that print to the terminal (plain, ink): they receive `run:end` after the
   * file reporters, so the verdict they print already counts any report that failed to write.
   */
  readonly terminal?: boolean;
  onEvent(event: RunEvent): void;
  /** Loads what the reporter needs before the first event (e.g. the HTML charts); awaited by `ReporterMultiplexer.prepare`. */
  prepare?(): Promise<void>;
  /** Called once after `run:end` (or on interruption) to flush pending output. */
  close?(): void;
}

/** Options every reporter factory receives. */
export interface ReporterOptions {
  /** Report root folder (`--out`). */
  outDir: string;
  /** Stream for human-readable output. */
  stdout: NodeJS.WritableStream;
  /** Stream for notices outside the report text (the interruption notice); default `process.stderr`. */
  stderr?: NodeJS.WritableStream;
  /** File the Markdown reporter appends its summary to (the CLI passes `$GITHUB_STEP_SUMMARY`). */
  stepSummaryPath?: string;
}
