import type { RunEvent } from '../events/run-event.js';

/** Options of the plain progress lines. */
export interface ProgressLineOptions {
  /** Clock in milliseconds (injected so tests are deterministic). */
  now?: () => number;
  /** Silence before a case's first progress line, and the longest gap between two (default 10,000 ms). */
  intervalMs?: number;
  /** A line whenever a case crosses another 1/`steps` of its samples (default 4: 25 %, 50 %, 75 %). */
  steps?: number;
}

type ProgressEvent = Extract<RunEvent, { type: 'case:progress' }>;

/** "1m 05s", "42 s": a short duration for an ETA. */
export function etaText(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  return minutes < 60 ? `${minutes}m ${String(total % 60).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * Periodic progress lines for logs without a live view: once an attack × budget case has run for
 * `intervalMs`, a line (case, samples done, samples/s, ETA) each time it crosses another quarter
 * of its samples or after another `intervalMs`, so a CI log never sits silent for minutes. Cases
 * shorter than `intervalMs` print nothing but their result line.
 */
export function createProgressLines(options: ProgressLineOptions = {}) {
  const now = options.now ?? (() => performance.now());
  const intervalMs = options.intervalMs ?? 10_000;
  const steps = options.steps ?? 4;
  let caseKey = '';
  let caseStarted = now();
  let lastLine = caseStarted;
  let lastStep = 0;
  return {
    /** Marks the start of the next case (after `clean:end` or the previous `case:end`). */
    reset(): void {
      caseKey = '';
      caseStarted = now();
      lastLine = caseStarted;
      lastStep = 0;
    },
    /** The line to print for this progress event, or `undefined` to stay quiet. */
    line(event: ProgressEvent, label: string): string | undefined {
      const key = `${event.suiteId}/${event.attackId}/${event.budget}`;
      if (key !== caseKey) {
        caseKey = key;
        lastStep = 0;
      }
      if (event.total <= 0 || event.done >= event.total) return undefined;
      const time = now();
      const step = Math.floor((event.done / event.total) * steps);
      // Short cases stay silent (their case line follows soon), which also keeps logs of fast runs
      // and replayed event logs free of timing-dependent lines.
      if (time - caseStarted < intervalMs) {
        lastStep = step;
        return undefined;
      }
      if (step <= lastStep && time - lastLine < intervalMs) return undefined;
      lastStep = Math.max(step, lastStep);
      lastLine = time;
      const elapsed = (time - caseStarted) / 1000;
      const rate = elapsed > 0 ? event.done / elapsed : 0;
      const eta = rate > 0 ? ` · ETA ${etaText(((event.total - event.done) / rate) * 1000)}` : '';
      return `  … ${label} ${event.done}/${event.total} samples (${Math.round((event.done / event.total) * 100)}%) · ${rate.toFixed(1)} samples/s${eta}`;
    },
  };
}
