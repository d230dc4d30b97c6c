import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/events/run-event.js';
import { runSuites, type RunResult } from '../../src/runner/run-suites.js';
import { loadSuite } from '../../src/suite/index.js';
import { foldDashboard, reduceDashboard } from '../../src/ui/state/dashboard-reducer.js';
import { caseFigures } from '../../src/ui/state/dashboard-selectors.js';
import { initialDashboardState } from '../../src/ui/state/dashboard-state.js';
import { createFixtureProject, fixtureSuite } from '../helpers/cli-fixture.js';

/** A stream recorded from the real runner on the tiny fixture model (60 samples, 3 attacks). */
let recorded: { event: RunEvent; at: number }[];
let result: RunResult;

beforeAll(async () => {
  const project = await createFixtureProject();
  project.writeSuite('tiny.suite.json', fixtureSuite());
  const suite = await loadSuite(join(project.dir, 'tiny.suite.json'));
  recorded = [];
  let clock = 0;
  result = await runSuites([suite], { backend: 'wasm', emit: (event) => recorded.push({ event, at: (clock += 10) }) });
});

describe('the dashboard reducer over a recorded run', () => {
  it('ends with the same suites, scores, verdicts and exit code as the runner returned', () => {
    const state = foldDashboard(initialDashboardState(), recorded);
    expect(state.end).toMatchObject({ verdict: result.verdict, exitCode: result.exitCode, total: 1 });
    expect(state.finished).toHaveLength(1);
    const [report] = result.reports;
    expect(state.finished[0]).toMatchObject({ id: 'tiny', score: report!.score, verdict: report!.verdict, cleanAccuracy: report!.clean.accuracy, seed: 7, complete: true });
    const caseLines = state.log.filter((item) => item.kind === 'case');
    expect(caseLines).toHaveLength(report!.attacks.reduce((sum, attack) => sum + attack.results.length, 0));
    expect(caseLines.map((item) => item.kind === 'case' && `${item.attackId} ${item.budgetLabel}`)).toEqual(
      report!.attacks.flatMap((attack) => attack.results.map((entry) => `${attack.id} ε=${entry.epsilon}`)));
  });

  it('at each case end, the live robust accuracy of its last batch equals the reported one', () => {
    let state = initialDashboardState();
    let checked = 0;
    for (const { event, at } of recorded) {
      if (event.type === 'case:end' && state.running?.current?.total) {
        const figures = caseFigures(state.running.current, state.running.samples, at);
        expect(figures.robustAccuracy).toBeCloseTo(event.result.robustAccuracy, 12);
        expect(figures.progress).toBe(1);
        checked++;
      }
      state = reduceDashboard(state, event, at);
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it('never shows a running case of an attack other than the one reporting progress', () => {
    let state = initialDashboardState();
    for (const { event, at } of recorded) {
      state = reduceDashboard(state, event, at);
      if (event.type === 'case:progress') {
        expect(state.running?.current).toMatchObject({ attackId: event.attackId, budget: event.budget, done: event.done, total: event.total });
      }
    }
  });
});
