import { describe, expect, it } from 'vitest';
import { createFrameScheduler, type SchedulerClock } from '../../src/ui/frame-scheduler.js';

/** A manual clock: time moves only when the test says so. */
function manualClock() {
  let now = 0;
  const timers: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 0;
  const clock: SchedulerClock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      timers.push({ at: now + ms, callback, id: ++nextId });
      return nextId;
    },
    clearTimeout: (handle) => {
      const index = timers.findIndex((timer) => timer.id === handle);
      if (index >= 0) timers.splice(index, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const timer of timers.filter((entry) => entry.at <= now)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.callback();
    }
  };
  return { clock, advance, pending: () => timers.length };
}

describe('createFrameScheduler', () => {
  it('draws at most once per interval however many requests arrive, and never drops the last', () => {
    const { clock, advance } = manualClock();
    let draws = 0;
    const scheduler = createFrameScheduler(() => draws++, 100, clock);
    for (let i = 0; i < 500; i++) {
      scheduler.request();
      advance(2); // 500 progress events in one second
    }
    advance(100);
    expect(draws).toBeGreaterThanOrEqual(10);
    expect(draws).toBeLessThanOrEqual(11);
  });

  it('draws the first request at once and a trailing one after the interval', () => {
    const { clock, advance, pending } = manualClock();
    const times: number[] = [];
    const scheduler = createFrameScheduler(() => times.push(clock.now()), 100, clock);
    scheduler.request();
    scheduler.request();
    scheduler.request();
    expect(times).toEqual([0]);
    expect(pending()).toBe(1);
    advance(100);
    expect(times).toEqual([0, 100]);
  });

  it('flush draws now and drops the pending frame; cancel drops it without drawing', () => {
    const { clock, advance, pending } = manualClock();
    let draws = 0;
    const scheduler = createFrameScheduler(() => draws++, 100, clock);
    scheduler.request();
    scheduler.request();
    scheduler.flush();
    expect(draws).toBe(2);
    expect(pending()).toBe(0);
    advance(10);
    scheduler.request();
    scheduler.cancel();
    advance(200);
    expect(draws).toBe(2);
  });
});
