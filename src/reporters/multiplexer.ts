import type { RunEvent } from '../runner/events.js';
import type { Reporter } from './reporter.js';

/**
 * Fans events out to reporters with errors isolated: one failing reporter does not silence the
 * others. Failures are collected so the run can end with exit code 3 (a report that could not be
 * written is a runtime error, DESIGN.md §1).
 */
export class ReporterMultiplexer {
  readonly failures: { reporter: string; error: unknown }[] = [];

  constructor(private readonly reporters: Reporter[]) {}

  /** Awaits every reporter's `prepare` (lazily loaded modules); call once before the first event. */
  async prepare(): Promise<void> {
    await Promise.all(this.reporters.map((reporter) => reporter.prepare?.()));
  }

  /** Resolves once every reporter that restores the terminal (the Ink view) has finished after `close`. */
  async closed(): Promise<void> {
    await Promise.all(this.reporters.map((reporter) => (reporter as { closed?: Promise<void> }).closed));
  }

  emit = (event: RunEvent): void => {
    for (const reporter of this.reporters) {
      try {
        reporter.onEvent(event);
      } catch (error) {
        this.failures.push({ reporter: reporter.name, error });
      }
    }
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
