import { useEffect, useMemo, useReducer } from 'react';
import { Box, Text, useApp, useInput, useStdin } from 'ink';
import { reduceExplorer } from '../state/explorer-reducer.js';
import { currentScreen, selectedEntry, type ExplorerState } from '../state/explorer-state.js';
import { intentsOf } from '../state/keymap.js';
import { caseRows } from '../state/report-views.js';
import { Dashboard } from './Dashboard.js';
import { ExampleViewer } from './ExampleViewer.js';
import { HelpScreen, KeyHelpBar } from './KeyHelp.js';
import { SuiteList } from './SuiteList.js';
import { SuiteView } from './SuiteView.js';
import { Tone } from './Theme.js';
import { useClock } from '../hooks/use-clock.js';
import { useRunRequests, type StartRun } from '../hooks/use-run-requests.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';

/** Props of {@link Explorer}. */
export interface ExplorerProps {
  initial: ExplorerState;
  /** Report folder, shown in the list. */
  outDir: string;
  startRun: StartRun;
  /** Minimum milliseconds between run-progress redraws (default 100). */
  frameIntervalMs?: number;
}

/**
 * `robustcheck ui`: suites and reports, live runs, and drill-down into a report. All logic is in
 * `reduceExplorer`; this component maps keys to intents, performs run requests and renders.
 * Keys are read only when stdin supports raw mode (Ink's `useInput` throws otherwise).
 */
export function Explorer({ initial, outDir, startRun, frameIntervalMs = 100 }: ExplorerProps) {
  const [state, dispatch] = useReducer(reduceExplorer, initial);
  const { isRawModeSupported } = useStdin();
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const now = useClock(state.run !== undefined);
  const abortRun = useRunRequests(state.request, dispatch, startRun, frameIntervalMs);
  useInput((input, key) => {
    for (const intent of intentsOf(input, key)) dispatch({ type: 'key', intent });
  }, { isActive: isRawModeSupported === true });
  useEffect(() => {
    if (!state.quit) return;
    abortRun();
    exit();
    // Runs once, when the reducer asks to quit.
  }, [state.quit]);
  const screen = currentScreen(state);
  const entry = selectedEntry(state);
  const cases = useMemo(() => (entry?.report ? caseRows(entry.report) : []), [entry?.report]);
  return (
    <Box flexDirection="column">
      <Text><Text bold>robustcheck ui</Text><Tone tone="muted">{` · ${screen === 'list' ? 'suites' : screen}`}</Tone></Text>
      {screen === 'list' ? <SuiteList entries={state.entries} cursor={state.listCursor} outDir={outDir} rows={Math.max(3, rows - 8)} columns={columns} /> : null}
      {screen === 'run' && state.run ? (
        <Box flexDirection="column">
          <Dashboard state={state.run.dashboard} now={now} staticLog={false} tail={Math.max(3, rows - 12)} />
          {state.run.stopping ? <Tone tone="warn">stopping after the current batch; partial reports will be written…</Tone> : null}
        </Box>
      ) : null}
      {screen === 'suite' && entry ? <SuiteView entry={entry} tab={state.tab} caseCursor={state.caseCursor} columns={columns} rows={rows} /> : null}
      {screen === 'examples' && entry?.report ? <ExampleViewer report={entry.report} row={cases[state.caseCursor]} cursor={state.exampleCursor} columns={columns} /> : null}
      {screen === 'help' ? <HelpScreen /> : null}
      <KeyHelpBar screen={screen} {...(state.notice ? { notice: state.notice } : {})} width={columns} />
    </Box>
  );
}
