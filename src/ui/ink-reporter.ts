import type { RunEvent } from '../events/run-event.js';
import { reduceDashboard, type DashboardAction } from './state/dashboard-reducer.js';
import { initialDashboardState, type DashboardState } from './state/dashboard-state.js';
import { createFrameScheduler } from './frame-scheduler.js';
import { detectColorSupport, type ColorSupport } from './text/color-support.js';
import type { MountedDashboard } from './mount-dashboard.js';
import { interruptNotice } from '../view-text/interrupt-notice.js';
import type { Reporter, ReporterOptions } from '../events/reporter.js';
import { terminalSafe } from '../format/terminal-safe.js';

/** The Ink reporter, with a promise for tests and callers that must wait for the terminal restore. */
export interface InkReporter extends Reporter {
  /** Resolves once the dashboard has unmounted after `close()` (terminal restored). */
  readonly closed: Promise<void>;
  close(): void;
}

/** Options beyond every reporter's: colour support and the redraw interval. */
export interface InkReporterOptions extends ReporterOptions {
  colorSupport?: ColorSupport;
  /** Minimum milliseconds between frames (default 100: at most 10 redraws per second). */
  frameIntervalMs?: number;
}

/** Events that end a phase: drawn at once so the final lines never wait for the throttle. */
const immediate = new Set<RunEvent['type']>(['run:start', 'suite:start', 'suite:end', 'suite:error', 'run:interrupt', 'run:end']);

/**
 * The live terminal dashboard for `robustcheck run` (default on a TTY). Events are folded into
 * a pure reducer state at once; drawing is throttled. Ink and React load lazily so other commands
 * start fast; events that arrive meanwhile are already in the state and appear on the first frame.
 * On Ctrl-C the run command stops the run and emits `run:interrupt`; this reporter shows it and
 * writes the interruption notice through Ink, above the live area, so the screen stays tidy.
 */
export function createInkReporter(options: InkReporterOptions): InkReporter {
  const stdout = options.stdout as NodeJS.WriteStream;
  const stderr = (options.stderr ?? process.stderr) as NodeJS.WriteStream;
  const support = options.colorSupport ?? detectColorSupport();
  let state: DashboardState = initialDashboardState();
  let view: MountedDashboard | undefined;
  let closing = false;
  let finished = false;
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const scheduler = createFrameScheduler(() => view?.update(state, Date.now()), options.frameIntervalMs ?? 100);
  // Elapsed time and ETA move even when no batch finishes; one frame a second keeps them honest.
  const ticker = setInterval(() => scheduler.request(), 1000);
  ticker.unref();
  const apply = (action: DashboardAction) => {
    state = reduceDashboard(state, action, Date.now());
  };
  const finish = async () => {
    finished = true;
    clearInterval(ticker);
    scheduler.cancel();
    if (view) {
      view.update(state, Date.now());
      await view.close();
    }
    resolveClosed();
  };
  let mount: typeof import('./mount-dashboard.js').mountDashboard | undefined;
  // Mount on the first event only: a run that fails before it starts leaves no empty frame behind.
  const ensureView = () => {
    if (!view && mount && state.log.length > 0) view = mount(stdout, stderr, support, state, Date.now());
  };
  let loaded = false;
  import('./mount-dashboard.js').then((module) => {
    loaded = true;
    mount = module.mountDashboard;
    ensureView();
    if (closing) void finish();
  }, (error: unknown) => {
    // Without Ink the run still completes and writes its reports; say why the view is missing.
    stdout.write(`robustcheck: the terminal view could not start (${error instanceof Error ? error.message : String(error)}); use --ci for plain output.\n`);
    loaded = true;
    if (closing) void finish();
  });
  return {
    name: 'ink',
    terminal: true,
    closed,
    onEvent(event: RunEvent) {
      apply(terminalSafe(event));
      ensureView();
      if (immediate.has(event.type)) scheduler.flush();
      else scheduler.request();
      // Through Ink while the view is live: it erases and redraws the live area around the notice
      // instead of leaving a torn frame.
      if (event.type === 'run:interrupt') {
        if (view && !finished) view.writeError(interruptNotice);
        else stderr.write(interruptNotice);
      }
    },
    close() {
      if (closing) return;
      closing = true;
      // Before Ink has loaded, the import's callback finishes instead.
      if (loaded) void finish();
    },
  };
}
