import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { DashboardApp } from '../../src/ui/components/DashboardApp.js';
import { foldDashboard, reduceDashboard } from '../../src/ui/state/dashboard-reducer.js';
import { initialDashboardState } from '../../src/ui/state/dashboard-state.js';
import { craftedStream, stripAnsi } from './fixtures.js';

const plain = { colors: false, truecolor: false };
afterEach(() => cleanup());

describe('Dashboard (run command view)', () => {
  it('Given a suite mid-attack, When it renders, Then it shows header, finished lines and the live case', () => {
    // Given
    const stream = craftedStream().slice(0, 4);
    const state = foldDashboard(initialDashboardState(), stream);
    // When
    const { lastFrame } = render(<DashboardApp state={state} now={stream[3]!.at} support={plain} />);
    // Then
    const frame = stripAnsi(lastFrame()!);
    expect(frame).toContain('robustcheck 0.1.0 · backend wasm (fastest available without a native binding)');
    expect(frame).toContain('2 suite(s) queued: tiny, other');
    expect(frame).toContain('▶ tiny (suites/tiny.suite.json) — 10 samples, 2 attack(s), 3 case(s)');
    expect(frame).toContain('clean accuracy 90.0% [60.0–98.0] (9/10)');
    expect(frame).toMatch(/fgsm linf ε=0\.01\s+█{8}▉░{11}\s+44%\s+4\/9 · 40\.0 samples\/s · ETA 0s · robust ≈ 90\.0%/);
    expect(frame).toContain('tiny · case 1 of 3 · elapsed 0s');
    expect(frame).not.toContain('suite(s) passed');
  });

  it('Given the model is loading, When it renders, Then it says which suite is being prepared', () => {
    const state = foldDashboard(initialDashboardState(), craftedStream().slice(0, 1));
    const { lastFrame } = render(<DashboardApp state={state} now={0} support={plain} />);
    expect(lastFrame()).toContain('loading model and data of tiny');
  });

  it('Given every case has ended, When it renders, Then it says sanity checks and the report are being made', () => {
    const state = foldDashboard(initialDashboardState(), craftedStream().slice(0, 10));
    const { lastFrame } = render(<DashboardApp state={state} now={1_002_000} support={plain} />);
    expect(lastFrame()).toContain('… tiny: sanity checks and report · 2s');
  });

  it('Given a finished run, When it renders, Then finished work is printed once and the summary names every suite', () => {
    // Given
    const state = foldDashboard(initialDashboardState(), craftedStream());
    // When
    const { lastFrame } = render(<DashboardApp state={state} now={0} support={plain} />);
    // Then
    const frame = stripAnsi(lastFrame()!);
    expect(frame.split('▶ tiny').length).toBe(2); // <Static>: printed exactly once
    expect(frame).toMatch(/fgsm\s+linf ε=0\.1\s+robust\s+30\.0% \[20\.0–40\.0\]\s+success\s+70\.0% · 100 samples\/s/);
    expect(frame).toContain('✗ tiny  score 64.8 · clean 90.0% · worst-case robust 30.0% (linf ε=0.1) · FAIL · seed 7 · 1.2 s');
    expect(frame).toContain('✗ other ERROR [MODEL_MISSING] models/x/model.json not found');
    expect(frame).toMatch(/suite\s+samples\s+clean\s+worst-case robust\s+score\s+verdict/);
    expect(frame).toMatch(/tiny\s+10\s+90\.0%\s+30\.0% \(linf ε=0\.1\)\s+64\.8\s+FAIL/);
    expect(frame).toMatch(/other\s+0\s+–\s+–\s+–\s+ERROR incomplete/);
    expect(frame).toContain('ERROR: 0/2 suite(s) passed · 2.5 s · exit 2');
    expect(frame).not.toContain('samples/s · ETA');
  });

  it('Given Ctrl-C was pressed, When it renders, Then it says the run is stopping, and the end says interrupted', () => {
    let state = foldDashboard(initialDashboardState(), craftedStream().slice(0, 4));
    state = reduceDashboard(state, { type: 'run:interrupt', signal: 'SIGINT', time: '2026-01-01T00:00:00.000Z' }, 0);
    const { lastFrame, rerender } = render(<DashboardApp state={state} now={0} support={plain} />);
    expect(lastFrame()).toContain('■ stopping: the current batch finishes, then partial reports are written');
    state = reduceDashboard(state, { type: 'run:end', verdict: 'interrupted', exitCode: 130, durationMs: 900, suites: [] }, 0);
    rerender(<DashboardApp state={state} now={0} support={plain} />);
    expect(stripAnsi(lastFrame()!)).toContain('INTERRUPTED: 0/0 suite(s) passed · 0.9 s · exit 130 · partial reports written (complete: false)');
  });
});
