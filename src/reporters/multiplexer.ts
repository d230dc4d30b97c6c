import { ExitCode, RobustcheckError } from '../errors.js';
import type { RunEvent } from '../events/run-event.js';
import type { Reporter } from '../events/reporter.js';

type RunEnd = Extract<RunEvent, { type: 'run:end' }>;

/** A reporter that threw: which one, and its error's message. */
export interface ReporterFailure {
  reporter: string;
  error: unknown;
}

/** One line for a reporter failure (a typed error's own message, else the reporter's name). */
export function describeReporterFailure(failure: ReporterFailure): string {
  if (failure.error instanceof RobustcheckError) return failure.error.message;
  return `Reporter ${failure.reporter} failed: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`;
}

/**
 * The run verdict once outputs failed: a report that could not be written is a runtime error
 * (exit 3, DESIGN.md §1) unless the run was interrupted (130 stays: it says more).
 */
export function withOutputFailures(event: RunEnd, failures: readonly ReporterFailure[]): RunEnd {
  if (failures.length === 0) return event;
  const outputErrors = failures.map(describeReporterFailure);
  if (event.verdict === 'interrupted') return { ...event, outputErrors };
  return { ...event, verdict: 'error', exitCode: Math.max(event.exitCode, ExitCode.runtime), outputErrors };
}

/**
 * Fans events out to reporters with errors isolated: one failing reporter does not silence the
 * others. Failures are collected and change the run's one verdict before anyone shows it:
 * `run:end` goes to the file reporters first; when any reporter failed (then or earlier), the
 * verdict becomes `error` / exit 3, the file reporters that still work get the corrected `run:end`
 * (summary.json and events.ndjson are rewritten), and only then do terminal reporters print it.
 * So the console, summary.json, events.ndjson and the exit code ({@link finalRunEnd}) agree.
 */
export class ReporterMultiplexer {
  readonly failures: ReporterFailure[] = [];
  /** The `run:end` every reporter last received (with output failures folded in). */
  finalRunEnd: RunEnd | undefined;

  constructor(private readonly reporters: Reporter[]) {}

  /** Awaits every reporter's `prepare` (lazily loaded modules); call once before the first event. */
  async prepare(): Promise<void> {
    await Promise.all(this.reporters.map((reporter) => reporter.prepare?.()));
  }

  /** Resolves once every reporter that restores the terminal (the Ink view) has finished after `close`. */
  async closed(): Promise<void> {
    await Promise.all(this.reporters.map((reporter) => (reporter as { closed?: Promise<void> }).closed));
  }

  private deliver(event: RunEvent, to: readonly Reporter[]): Set<Reporter> {
    const failed = new Set<Reporter>();
    for (const reporter of to) {
      try {
        reporter.onEvent(event);
      } catch (error) {
        this.failures.push({ reporter: reporter.name, error });
        failed.add(reporter);
      }
    }
    return failed;
  }

  emit = (event: RunEvent): void => {
    if (event.type !== 'run:end') {
      this.deliver(event, this.reporters);
      return;
    }
    const files = this.reporters.filter((reporter) => !reporter.terminal);
    const terminals = this.reporters.filter((reporter) => reporter.terminal);
    let final = withOutputFailures(event, this.failures);
    const before = this.failures.length;
    const failed = this.deliver(final, files);
    if (this.failures.length > before) {
      // A write failed while recording the verdict: correct what was already written.
      final = withOutputFailures(event, this.failures);
      this.deliver(final, files.filter((reporter) => !failed.has(reporter)));
    }
    this.finalRunEnd = final;
    this.deliver(final, terminals);
  };

  close(): void {
    for (const reporter of this.reporters) {
      try {
        reporter.close?.();
      } catch (error) {
        this.failures.push({ reporter: reporter.name, error });
      }
    }
  }
}
