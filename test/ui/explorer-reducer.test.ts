import { describe, expect, it } from 'vitest';
import { reduceExplorer, type ExplorerAction } from '../../src/ui/state/explorer-reducer.js';
import { currentScreen, initialExplorerState, type ExplorerEntry, type ExplorerState } from '../../src/ui/state/explorer-state.js';
import { intentOf, intentsOf, type Intent } from '../../src/ui/state/keymap.js';
import { craftedStream, makeReport } from './fixtures.js';

const withReport: ExplorerEntry = { id: 'tiny', suitePath: 'suites/tiny.suite.json', report: makeReport() };
const notRun: ExplorerEntry = { id: 'fresh', suitePath: 'suites/fresh.suite.json' };
const broken: ExplorerEntry = { id: 'suites/bad.suite.json', suitePath: 'suites/bad.suite.json', loadError: 'suites/bad.suite.json: /attacks must NOT have fewer than 1 items' };

const press = (state: ExplorerState, ...intents: Intent[]) =>
  intents.reduce((current, intent) => reduceExplorer(current, { type: 'key', intent }), state);

describe('intentOf', () => {
  it.each([
    ['k', {}, 'up'], ['j', {}, 'down'], ['', { upArrow: true }, 'up'], ['', { downArrow: true }, 'down'],
    ['', { leftArrow: true }, 'left'], ['l', {}, 'right'], ['', { return: true }, 'enter'], ['', { escape: true }, 'back'],
    ['q', {}, 'back'], ['?', {}, 'help'], ['r', {}, 'run'], ['a', {}, 'run-all'], ['e', {}, 'examples'], ['', { tab: true }, 'next-tab'],
    ['c', { ctrl: true }, 'interrupt'], ['3', {}, 'tab-3'], ['x', {}, undefined], ['k', { ctrl: true }, undefined],
  ] as const)('%j %j → %s', (input, key, intent) => {
    expect(intentOf(input, key)).toBe(intent);
  });
});

describe('intentsOf', () => {
  it('splits keys that arrive together into one intent per character', () => {
    expect(intentsOf('1e', {})).toEqual(['tab-1', 'examples']);
    expect(intentsOf('jjx', {})).toEqual(['down', 'down']);
    expect(intentsOf('', { return: true })).toEqual(['enter']);
    expect(intentsOf('x', {})).toEqual([]);
  });
});

describe('reduceExplorer: navigation', () => {
  const start = initialExplorerState([withReport, notRun, broken]);

  it('list → suite → tabs → examples → back → back → quit', () => {
    let state = press(start, 'enter');
    expect(currentScreen(state)).toBe('suite');
    expect(state.tab).toBe('cases');
    state = press(state, 'right');
    expect(state.tab).toBe('chart');
    state = press(state, 'left', 'left');
    expect(state.tab).toBe('checks');
    state = press(state, 'tab-3');
    expect(state.tab).toBe('classes');
    state = press(state, 'down', 'down', 'down', 'up');
    expect(state.caseCursor).toBe(1); // three rows: clamped at 2, then up
    state = press(state, 'up', 'examples');
    expect(currentScreen(state)).toBe('examples');
    state = press(state, 'right');
    expect(state.exampleCursor).toBe(1);
    state = press(state, 'right');
    expect(state.exampleCursor).toBe(0); // wraps over the two examples
    state = press(state, 'back');
    expect(currentScreen(state)).toBe('suite');
    state = press(state, 'back');
    expect(currentScreen(state)).toBe('list');
    expect(state.quit).toBe(false);
    expect(press(state, 'back').quit).toBe(true);
  });

  it('help opens from any screen and closes with back or ?', () => {
    const help = press(start, 'enter', 'help');
    expect(help.screens).toEqual(['list', 'suite', 'help']);
    expect(press(help, 'help').screens).toEqual(['list', 'suite']);
    expect(press(help, 'back').screens).toEqual(['list', 'suite']);
    expect(press(help, 'down').screens).toEqual(['list', 'suite', 'help']);
  });

  it('moves the list cursor within bounds; Ctrl-C quits when nothing runs', () => {
    expect(press(start, 'up').listCursor).toBe(0);
    expect(press(start, 'down', 'down', 'down').listCursor).toBe(2);
    expect(press(start, 'enter', 'interrupt').quit).toBe(true);
  });

  it('an invalid suite shows its error instead of opening or running', () => {
    const state = press(start, 'down', 'down', 'enter');
    expect(currentScreen(state)).toBe('list');
    expect(state.notice).toContain('/attacks must NOT have fewer than 1 items');
    expect(press(start, 'down', 'down', 'run').request).toBeUndefined();
  });
});

describe('reduceExplorer: runs', () => {
  const start = initialExplorerState([withReport, notRun, broken]);

  it('Enter on a suite without a report asks for a run and opens the suite when it ends', () => {
    let state = press(start, 'down', 'enter');
    expect(state.request).toEqual({ id: 1, kind: 'run', suiteIds: ['fresh'] });
    expect(currentScreen(state)).toBe('run');
    expect(state.run).toMatchObject({ suiteIds: ['fresh'], openWhenDone: 'fresh', stopping: false });
    state = reduceExplorer(state, { type: 'run:events', events: craftedStream().slice(0, 4) });
    expect(state.run!.dashboard.running?.current).toMatchObject({ attackId: 'fgsm', done: 4, total: 9 });
    const report = makeReport({ suite: { id: 'fresh', path: 'suites/fresh.suite.json', sha256: 'ef' }, verdict: 'pass', score: 88.8 });
    state = reduceExplorer(state, { type: 'run:done', reports: [report], reportPaths: { fresh: '/out/fresh/report.json' } });
    expect(state.run).toBeUndefined();
    expect(state.screens).toEqual(['list', 'suite']);
    expect(state.listCursor).toBe(1);
    expect(state.entries[1]).toMatchObject({ id: 'fresh', report, reportPath: '/out/fresh/report.json' });
    expect(state.notice).toBe('run finished: fresh PASS (score 88.8)');
  });

  it('r runs the selected suite and returns to the list; a runs every loadable suite', () => {
    const state = press(start, 'run');
    expect(state.request).toEqual({ id: 1, kind: 'run', suiteIds: ['tiny'] });
    const done = reduceExplorer(state, { type: 'run:done', reports: [makeReport({ score: 70 })] });
    expect(done.screens).toEqual(['list']);
    expect(done.entries[0]!.report!.score).toBe(70);
    expect(press(start, 'run-all').request).toEqual({ id: 1, kind: 'run', suiteIds: ['tiny', 'fresh'] });
  });

  it('q, Esc or Ctrl-C during a run ask once to stop it; the partial report is kept', () => {
    let state = press(start, 'run');
    state = press(state, 'back');
    expect(state.request).toEqual({ id: 2, kind: 'stop' });
    expect(state.run!.stopping).toBe(true);
    expect(press(state, 'interrupt', 'back').request).toEqual({ id: 2, kind: 'stop' });
    expect(state.quit).toBe(false);
    const partial = makeReport({ complete: false, verdict: 'fail' });
    state = reduceExplorer(state, { type: 'run:done', reports: [partial] });
    expect(state.notice).toBe('run stopped; partial reports written: tiny FAIL (score 64.8, incomplete)');
    expect(state.entries[0]!.report).toBe(partial);
  });

  it('a failed run leaves the entries and says why', () => {
    const state = reduceExplorer(press(start, 'run'), { type: 'run:done', reports: [], error: 'backend failed' });
    expect(state.notice).toBe('run failed: backend failed');
    expect(state.entries).toEqual(start.entries);
    expect(state.screens).toEqual(['list']);
  });

  it('reports of suites not listed are appended; events without a run are ignored', () => {
    const other = makeReport({ suite: { id: 'other', path: 'x', sha256: '1' } });
    const state = reduceExplorer(press(start, 'run'), { type: 'run:done', reports: [other] });
    expect(state.entries.map((entry) => entry.id)).toEqual(['tiny', 'fresh', 'suites/bad.suite.json', 'other']);
    const action: ExplorerAction = { type: 'run:events', events: craftedStream() };
    expect(reduceExplorer(start, action)).toBe(start);
  });
});
