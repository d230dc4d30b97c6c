import type { SuiteReport } from '../../report/report-types.js';
import type { RunEvent } from '../../events/run-event.js';
import { foldDashboard } from './dashboard-reducer.js';
import { initialDashboardState } from './dashboard-state.js';
import { currentScreen, selectedEntry, suiteTabs, type ExplorerEntry, type ExplorerState } from './explorer-state.js';
import type { Intent, Screen } from './keymap.js';
import { caseRows } from './report-views.js';

/** What changes the explorer: key intents, the events of a run it started, and that run's end. */
export type ExplorerAction =
  | { type: 'key'; intent: Intent }
  | { type: 'run:events'; events: { event: RunEvent; at: number }[] }
  | { type: 'run:done'; reports: SuiteReport[]; reportPaths?: Record<string, string>; error?: string };

const push = (state: ExplorerState, screen: Screen): ExplorerState => ({ ...state, screens: [...state.screens, screen], notice: undefined });
const pop = (state: ExplorerState): ExplorerState => ({ ...state, screens: state.screens.length > 1 ? state.screens.slice(0, -1) : state.screens, notice: undefined });
const clamp = (value: number, length: number) => Math.max(0, Math.min(length - 1, value));

function startRun(state: ExplorerState, suiteIds: string[], openWhenDone?: string): ExplorerState {
  if (suiteIds.length === 0) return { ...state, notice: 'nothing to run: no suite file could be loaded' };
  const id = (state.request?.id ?? 0) + 1;
  return {
    ...push(state, 'run'), request: { id, kind: 'run', suiteIds },
    run: { suiteIds, dashboard: initialDashboardState(), stopping: false, ...(openWhenDone ? { openWhenDone } : {}) },
  };
}

function stopRun(state: ExplorerState): ExplorerState {
  if (!state.run || state.run.stopping) return state;
  return { ...state, run: { ...state.run, stopping: true }, request: { id: (state.request?.id ?? 0) + 1, kind: 'stop' } };
}

function onList(state: ExplorerState, intent: Intent): ExplorerState {
  const entry = selectedEntry(state);
  switch (intent) {
    case 'up': return { ...state, listCursor: clamp(state.listCursor - 1, state.entries.length), notice: undefined };
    case 'down': return { ...state, listCursor: clamp(state.listCursor + 1, state.entries.length), notice: undefined };
    case 'enter':
      if (!entry) return state;
      if (entry.report) return { ...push(state, 'suite'), tab: 'cases', caseCursor: 0, exampleCursor: 0 };
      if (entry.loadError) return { ...state, notice: `${entry.id}: ${entry.loadError}` };
      return startRun(state, [entry.id], entry.id);
    case 'run':
      if (!entry) return state;
      if (entry.loadError || !entry.suitePath) return { ...state, notice: `${entry.id} cannot run: ${entry.loadError ?? 'no suite file for this report'}` };
      return startRun(state, [entry.id]);
    case 'run-all':
      return startRun(state, state.entries.filter((item) => item.suitePath && !item.loadError).map((item) => item.id));
    case 'back':
    case 'interrupt':
      return { ...state, quit: true };
    default:
      return state;
  }
}

function onSuite(state: ExplorerState, intent: Intent): ExplorerState {
  const entry = selectedEntry(state);
  const rows = entry?.report ? caseRows(entry.report).length : 0;
  const tabIndex = suiteTabs.indexOf(state.tab);
  switch (intent) {
    case 'left': return { ...state, tab: suiteTabs[(tabIndex + suiteTabs.length - 1) % suiteTabs.length]! };
    case 'right':
    case 'next-tab': return { ...state, tab: suiteTabs[(tabIndex + 1) % suiteTabs.length]! };
    case 'tab-1': case 'tab-2': case 'tab-3': case 'tab-4':
      return { ...state, tab: suiteTabs[Number(intent.slice(4)) - 1]! };
    case 'up': return { ...state, caseCursor: clamp(state.caseCursor - 1, rows), exampleCursor: 0 };
    case 'down': return { ...state, caseCursor: clamp(state.caseCursor + 1, rows), exampleCursor: 0 };
    case 'enter':
    case 'examples':
      return rows > 0 ? { ...push(state, 'examples'), exampleCursor: 0 } : { ...state, notice: 'this report has no attack results' };
    case 'run':
      return entry?.suitePath && !entry.loadError ? startRun(pop(state), [entry.id], entry.id) : { ...state, notice: 'no runnable suite file for this report' };
    default:
      return state;
  }
}

function onExamples(state: ExplorerState, intent: Intent): ExplorerState {
  const report = selectedEntry(state)?.report;
  const count = report ? (caseRows(report)[state.caseCursor]?.examples.length ?? 0) : 0;
  if (count === 0) return state;
  if (intent === 'left' || intent === 'up') return { ...state, exampleCursor: (state.exampleCursor + count - 1) % count };
  if (intent === 'right' || intent === 'down' || intent === 'next-tab') return { ...state, exampleCursor: (state.exampleCursor + 1) % count };
  return state;
}

function onKey(state: ExplorerState, intent: Intent): ExplorerState {
  const screen = currentScreen(state);
  if (screen === 'run') return intent === 'back' || intent === 'interrupt' ? stopRun(state) : state;
  if (intent === 'interrupt') return { ...state, quit: true };
  if (screen === 'help') return intent === 'back' || intent === 'help' ? pop(state) : state;
  if (intent === 'help') return push(state, 'help');
  if (screen === 'list') return onList(state, intent);
  if (intent === 'back') return pop(state);
  return screen === 'suite' ? onSuite(state, intent) : onExamples(state, intent);
}

/** Replaces each entry's report with the new one of the same suite id; new ids are appended. */
function mergeReports(entries: ExplorerEntry[], reports: SuiteReport[], paths: Record<string, string> = {}): ExplorerEntry[] {
  const merged = entries.map((entry) => {
    const report = reports.find((candidate) => candidate.suite.id === entry.id);
    return report ? { ...entry, report, ...(paths[entry.id] ? { reportPath: paths[entry.id] } : {}) } : entry;
  });
  for (const report of reports) {
    if (!merged.some((entry) => entry.id === report.suite.id)) merged.push({ id: report.suite.id, report, ...(paths[report.suite.id] ? { reportPath: paths[report.suite.id] } : {}) });
  }
  return merged;
}

function summarise(reports: SuiteReport[], stopped: boolean): string {
  const parts = reports.map((report) => `${report.suite.id} ${report.verdict.toUpperCase()} (score ${report.score.toFixed(1)}${report.complete ? '' : ', incomplete'})`);
  return `${stopped ? 'run stopped; partial reports written' : 'run finished'}: ${parts.join(', ') || 'no suite finished'}`;
}

/**
 * The explorer's pure reducer. Side effects (running or stopping suites, quitting) are asked
 * for through `request` and `quit`, which the host component performs.
 */
export function reduceExplorer(state: ExplorerState, action: ExplorerAction): ExplorerState {
  switch (action.type) {
    case 'key':
      return onKey(state, action.intent);
    case 'run:events':
      return state.run ? { ...state, run: { ...state.run, dashboard: foldDashboard(state.run.dashboard, action.events) } } : state;
    case 'run:done': {
      const entries = mergeReports(state.entries, action.reports, action.reportPaths);
      const screens = state.screens.filter((screen) => screen !== 'run');
      const base: ExplorerState = { ...state, entries, screens: screens.length > 0 ? screens : ['list'], run: undefined };
      if (action.error) return { ...base, notice: `run failed: ${action.error}` };
      const notice = summarise(action.reports, state.run?.stopping ?? false);
      const open = state.run?.openWhenDone;
      const index = open ? entries.findIndex((entry) => entry.id === open && entry.report) : -1;
      if (index < 0) return { ...base, notice };
      return { ...base, listCursor: index, screens: [...base.screens, 'suite'], tab: 'cases', caseCursor: 0, exampleCursor: 0, notice };
    }
    default:
      return state;
  }
}
