import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { DashboardApp } from '../../src/ui/components/DashboardApp.js';
import { foldDashboard } from '../../src/ui/state/dashboard-reducer.js';
import { initialDashboardState } from '../../src/ui/state/dashboard-state.js';
import { craftedStream, stripAnsi } from './fixtures.js';

const plain = { colors: false, truecolor: false };
afterEach(() => cleanup());

describe('Dashboard: why a suite failed', () => {
  it('Given a failing suite, When the run ends, Then each failed threshold is named with its interval, as in the plain log', () => {
    const stream = craftedStream();
    const state = foldDashboard(initialDashboardState(), stream);
    const { lastFrame } = render(<DashboardApp state={state} now={stream.at(-1)!.at} support={plain} />);
    const frame = stripAnsi(lastFrame()!);
    expect(frame).toMatch(/INCONCLUSIVE\s+clean-accuracy: clean accuracy 90\.0% straddles 85\.0%/);
    // A warning does not fail a suite whose failOn is "fail", so it is not listed as a reason.
    expect(frame).not.toMatch(/WARN\s+sanity check monotone-in-epsilon/);
    // What the score means is said where it is shown; so are robust and success.
    expect(frame).toContain('score (0–100) = 100 × mean over every attack × budget of robust ÷ clean accuracy');
    expect(frame).toContain('robust = correct on the clean and the attacked input, share of all samples');
  });

  it('Given failOn "warn", When the run ends, Then the warning sanity check is listed as a reason too', () => {
    const stream = craftedStream().map((entry) => entry.event.type === 'suite:end'
      ? { ...entry, event: { ...entry.event, report: { ...entry.event.report, suite: { ...entry.event.report.suite, failOn: 'warn' as const } } } }
      : entry);
    const state = foldDashboard(initialDashboardState(), stream);
    const frame = stripAnsi(render(<DashboardApp state={state} now={stream.at(-1)!.at} support={plain} />).lastFrame()!);
    expect(frame).toMatch(/WARN\s+sanity check monotone-in-epsilon: robust accuracy rises with ε for noise/);
  });
});
