import { Box, Static } from 'ink';
import type { DashboardState } from '../state/dashboard-state.js';
import { LogLine } from './LogLine.js';
import { RunningPanel } from './RunningPanel.js';
import { SummaryTable } from './SummaryTable.js';
import { Tone } from './Theme.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';

/** Props of {@link Dashboard}. */
export interface DashboardProps {
  state: DashboardState;
  /** Wall clock (ms since epoch) the live figures are computed for. */
  now: number;
  /**
   * True (the run command): finished lines go to `<Static>`, printed once above the live area and
   * kept in the scrollback. False (inside the explorer): the last `tail` lines are redrawn.
   */
  staticLog?: boolean;
  tail?: number;
}

/** The live run view: log of finished work, the running case, then the final summary table. */
export function Dashboard({ state, now, staticLog = true, tail = 14 }: DashboardProps) {
  const { columns } = useTerminalSize();
  return (
    <Box flexDirection="column">
      {staticLog
        ? <Static items={state.log}>{(item) => <LogLine key={item.key} item={item} />}</Static>
        : state.log.slice(-tail).map((item) => <LogLine key={item.key} item={item} />)}
      <RunningPanel state={state} now={now} width={columns} />
      {state.interrupting && !state.end
        ? <Tone tone="warn">■ stopping: the current batch finishes, then partial reports are written (Ctrl-C again quits at once)</Tone>
        : null}
      <SummaryTable state={state} />
    </Box>
  );
}
