import type { SuiteReport } from '../../report/report-types.js';
import type { DashboardState } from './dashboard-state.js';
import type { Screen } from './keymap.js';

/** A suite the explorer can show: a suite file, its latest report, or both. */
export interface ExplorerEntry {
  /** Suite id (from the suite file, or from the report when only a report was found). */
  id: string;
  /** Suite file as the user gave it; absent for a report whose suite file is not listed. */
  suitePath?: string;
  /** Why the suite file could not be loaded (it is listed but cannot run). */
  loadError?: string;
  report?: SuiteReport;
  /** Where the report was read from. */
  reportPath?: string;
  /** Why a report found for this suite could not be read (old layout, damaged file). */
  reportError?: string;
}

/** Tabs of the suite view. */
export const suiteTabs = ['cases', 'chart', 'classes', 'checks'] as const;
export type SuiteTab = (typeof suiteTabs)[number];

/** A side effect the explorer asks its host to perform (run or stop suites), numbered so each runs once. */
export type ExplorerRequest =
  | { id: number; kind: 'run'; suiteIds: string[] }
  | { id: number; kind: 'stop' };

/** A run started from the explorer, shown by the live dashboard view. */
export interface ExplorerRun {
  suiteIds: string[];
  dashboard: DashboardState;
  /** Suite to open when the run ends (Enter on a suite without a report). */
  openWhenDone?: string;
  stopping: boolean;
}

/** Everything the explorer shows; changed only by `reduceExplorer`. */
export interface ExplorerState {
  entries: ExplorerEntry[];
  /** Screen stack; the last one is shown. */
  screens: Screen[];
  listCursor: number;
  tab: SuiteTab;
  /** Selected attack × budget row of the open suite (drives the per-class view and examples). */
  caseCursor: number;
  exampleCursor: number;
  run?: ExplorerRun;
  request?: ExplorerRequest;
  /** One-line status (what just happened or why a key did nothing). */
  notice?: string;
  quit: boolean;
}

/** The explorer's first screen: the list of suites and reports. */
export function initialExplorerState(entries: ExplorerEntry[]): ExplorerState {
  return { entries, screens: ['list'], listCursor: 0, tab: 'cases', caseCursor: 0, exampleCursor: 0, quit: false };
}

/** The screen shown now. */
export function currentScreen(state: ExplorerState): Screen {
  return state.screens[state.screens.length - 1] ?? 'list';
}

/** The suite under the list cursor. */
export function selectedEntry(state: ExplorerState): ExplorerEntry | undefined {
  return state.entries[state.listCursor];
}
