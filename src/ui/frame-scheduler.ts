/** Timer functions the scheduler uses (injectable so tests can drive time). */
export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending frame must never keep a finished process alive.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Coalesces redraw requests into at most one draw per interval. */
export interface FrameScheduler {
  /** Asks for a redraw: now if the last one is old enough, else once at the end of the interval. */
  request(): void;
  /** Draws now and drops any pending redraw (important events, closing). */
  flush(): void;
  /** Drops any pending redraw without drawing. */
  cancel(): void;
}

/**
 * Throttles redraws: a run emits a progress event per batch (hundreds per second on small
 * models), but a terminal needs at most `minIntervalMs` between frames (100 ms = 10 frames/s).
 * Leading and trailing: the first request draws at once and the last one is never lost.
 */
export function createFrameScheduler(draw: () => void, minIntervalMs: number, clock: SchedulerClock = systemClock): FrameScheduler {
  let last = -Infinity;
  let pending: unknown;
  const run = () => {
    pending = undefined;
    last = clock.now();
    draw();
  };
  return {
    request() {
      if (pending !== undefined) return;
      const wait = last + minIntervalMs - clock.now();
      if (wait <= 0) run();
      else pending = clock.setTimeout(run, wait);
    },
    flush() {
      if (pending !== undefined) clock.clearTimeout(pending);
      run();
    },
    cancel() {
      if (pending !== undefined) clock.clearTimeout(pending);
      pending = undefined;
    },
  };
}
