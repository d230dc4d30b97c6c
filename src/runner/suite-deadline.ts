import { RuntimeFailure } from '../errors.js';

/** The stop signal of one suite: the user's (Ctrl-C, SIGTERM) or the suite's own time budget. */
export interface SuiteDeadline {
  /** Aborts on the user's signal or when `timeoutSeconds` has passed; absent when neither can happen. */
  signal?: AbortSignal;
  /** True when the time budget ran out (and the user did not interrupt first). */
  expired(): boolean;
  /** Throws `SUITE_TIMEOUT` when the budget ran out; a no-op otherwise. */
  throwIfExpired(): void;
  /** Stops the timer. */
  dispose(): void;
}

/**
 * Combines the user's signal with a per-suite wall-clock budget. The timer cannot interrupt a
 * batch (tfjs work is synchronous), so the runner, which checks the signal between batches, stops
 * after the current batch; finished results are kept and the suite ends with `SUITE_TIMEOUT`.
 *
 * @param user - the run's signal (Ctrl-C / SIGTERM)
 * @param timeoutSeconds - the suite's budget in seconds (> 0), or undefined for none
 * @param suiteId - named in the error message
 */
export function startSuiteDeadline(user: AbortSignal | undefined, timeoutSeconds: number | undefined, suiteId: string): SuiteDeadline {
  if (timeoutSeconds === undefined) {
    return { signal: user, expired: () => false, throwIfExpired: () => undefined, dispose: () => undefined };
  }
  const started = performance.now();
  const controller = new AbortController();
  const onUser = () => controller.abort(user?.reason);
  if (user?.aborted) onUser();
  user?.addEventListener('abort', onUser, { once: true });
  let timedOut = false;
  // setTimeout's delay is a signed 32-bit count of milliseconds; the schema caps the budget at a week.
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, Math.min(timeoutSeconds * 1000, 2 ** 31 - 1));
  // The timer alone must not keep a finished process alive.
  timer.unref();
  const expired = () => timedOut && !user?.aborted;
  return {
    signal: controller.signal,
    expired,
    throwIfExpired() {
      if (!expired()) return;
      const elapsed = ((performance.now() - started) / 1000).toFixed(1);
      throw new RuntimeFailure('SUITE_TIMEOUT',
        `Suite "${suiteId}" ran out of its timeoutSeconds budget (${timeoutSeconds} s; stopped after ${elapsed} s). ` +
        'Every result finished before then is kept in the report (marked incomplete); the rest was not evaluated. ' +
        'Raise timeoutSeconds, or evaluate fewer samples (--limit, data.limit), attacks, budgets or steps.');
    },
    dispose() {
      clearTimeout(timer);
      user?.removeEventListener('abort', onUser);
    },
  };
}
