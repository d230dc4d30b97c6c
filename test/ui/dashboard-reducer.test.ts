import { describe, expect, it } from 'vitest';
import { foldDashboard, reduceDashboard } from '../../src/ui/state/dashboard-reducer.js';
import { caseFigures } from '../../src/ui/state/dashboard-selectors.js';
import { initialDashboardState } from '../../src/ui/state/dashboard-state.js';
import { craftedStream } from './fixtures.js';

describe('reduceDashboard over a crafted two-suite stream', () => {
  const stream = craftedStream();

  it('folds the whole run into log lines, finished suites and the run end', () => {
    const state = foldDashboard(initialDashboardState(), stream);
    expect(state.tool).toEqual({ name: 'robustcheck', version: '0.1.0' });
    expect(state.backend).toEqual({ name: 'wasm', reason: 'fastest available without a native binding' });
    expect(state.queued).toEqual(['tiny', 'other']);
    expect(state.seeds).toEqual([7]);
    expect(state.running).toBeUndefined();
    expect(state.log.map((item) => item.kind)).toEqual(['header', 'suite-start', 'clean', 'case', 'case', 'case', 'suite-end', 'message', 'suite-end']);
    expect(state.log.map((item) => item.key)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    expect(state.finished).toEqual([
      {
        id: 'tiny', path: 'suites/tiny.suite.json', samples: 10, seed: 7, cleanAccuracy: 0.9, score: 64.8, verdict: 'fail', complete: true,
        durationMs: 1234, worstCase: { robustAccuracy: 0.3, epsilon: 0.1, norm: 'linf' },
        // Why it failed, as the plain log says it: each failing threshold with its numbers.
        problems: [{ status: 'inconclusive', text: 'clean-accuracy: clean accuracy 90.0% straddles 85.0%' }],
      },
      { id: 'other', path: 'suites/other.suite.json', samples: 0, verdict: 'error', complete: false, error: { code: 'MODEL_MISSING', message: 'models/x/model.json not found' } },
    ]);
    expect(state.end).toEqual({ verdict: 'error', exitCode: 2, durationMs: 2500, passed: 0, total: 2 });
    expect(state.log[7]).toMatchObject({ kind: 'message', level: 'warn', text: 'other: model file changed since the last run' });
  });

  it('tracks the running case: placeholder after the clean pass, counters per batch, next case after each end', () => {
    const afterClean = foldDashboard(initialDashboardState(), stream.slice(0, 3));
    expect(afterClean.running).toMatchObject({ id: 'tiny', samples: 10, casesDone: 0, casesTotal: 3, clean: { accuracy: 0.9, correct: 9 } });
    expect(afterClean.running!.current).toEqual({ attackId: 'fgsm', norm: 'linf', budget: 0.01, budgetKind: 'epsilon', done: 0, robustSoFar: 0, startedAt: 1_000_200, updatedAt: 1_000_200 });

    const midCase = foldDashboard(initialDashboardState(), stream.slice(0, 4));
    expect(midCase.running!.current).toMatchObject({ attackId: 'fgsm', budget: 0.01, done: 4, total: 9, robustSoFar: 4, startedAt: 1_000_200, updatedAt: 1_000_300 });
    const figures = caseFigures(midCase.running!.current!, 10, 1_000_300);
    expect(figures.progress).toBeCloseTo(4 / 9, 12);
    expect(figures.samplesPerSecond).toBeCloseTo(40, 9); // 4 samples in 100 ms
    expect(figures.etaSeconds).toBeCloseTo(5 / 40, 9);
    expect(figures.robustAccuracy).toBeCloseTo(0.9, 12); // 4/4 survived × 9 to attack ÷ 10 samples

    const afterFirstCase = foldDashboard(initialDashboardState(), stream.slice(0, 6));
    expect(afterFirstCase.running).toMatchObject({ casesDone: 1, current: { attackId: 'fgsm', budget: 0.1, done: 0, startedAt: 1_000_500 } });
    const afterAttacks = foldDashboard(initialDashboardState(), stream.slice(0, 10));
    expect(afterAttacks.running).toMatchObject({ casesDone: 3 });
    expect(afterAttacks.running!.current).toBeUndefined();
  });

  it('at the last batch the live robust accuracy equals the case result', () => {
    const atLastBatch = foldDashboard(initialDashboardState(), stream.slice(0, 5));
    expect(caseFigures(atLastBatch.running!.current!, 10, 1_000_400).robustAccuracy).toBeCloseTo(0.8, 12);
  });

  it('is pure: the previous state is never mutated', () => {
    const before = foldDashboard(initialDashboardState(), stream.slice(0, 4));
    const snapshot = JSON.stringify(before);
    reduceDashboard(before, stream[4]!.event, stream[4]!.at);
    reduceDashboard(before, { type: 'run:interrupt', signal: 'SIGINT', time: '2026-01-01T00:00:00.000Z' }, 0);
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it('marks an interruption and records an interrupted run end', () => {
    let state = foldDashboard(initialDashboardState(), stream.slice(0, 4));
    state = reduceDashboard(state, { type: 'run:interrupt', signal: 'SIGINT', time: '2026-01-01T00:00:00.000Z' }, 1_000_350);
    expect(state.interrupting).toBe(true);
    state = reduceDashboard(state, { type: 'run:end', verdict: 'interrupted', exitCode: 130, durationMs: 400, suites: [] }, 1_000_400);
    expect(state.end).toMatchObject({ verdict: 'interrupted', exitCode: 130 });
    expect(state.running).toBeUndefined();
  });

  it('ignores progress of a suite that is not running', () => {
    const state = foldDashboard(initialDashboardState(), stream.slice(0, 3));
    const next = reduceDashboard(state, { type: 'case:progress', suiteId: 'elsewhere', attackId: 'fgsm', budget: 0.01, done: 1, total: 2, robustSoFar: 1 }, 5);
    expect(next).toBe(state);
  });
});
