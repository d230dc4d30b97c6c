import { useEffect } from 'react';
import { render, useStderr } from 'ink';
import type { DashboardState } from './state/dashboard-state.js';
import type { ColorSupport } from './text/color-support.js';
import { DashboardApp } from './components/DashboardApp.js';

/** A mounted dashboard: redraw with a new state, route a stderr write through it, unmount. */
export interface MountedDashboard {
  update(state: DashboardState, now: number): void;
  /** Writes to stderr above the live area (which is erased first and redrawn after). */
  writeError(text: string): void;
  /** Unmounts (final frame stays on screen, cursor restored); resolves when Ink has exited. */
  close(): Promise<void>;
}

/** Captures Ink's stderr writer, which clears the live area before writing. */
function StderrBridge({ onWriter }: { onWriter: (write: (text: string) => void) => void }) {
  const { write } = useStderr();
  useEffect(() => onWriter(write), [write, onWriter]);
  return null;
}

/**
 * Mounts the run dashboard on a terminal stream (`stderr` for notices above the live area). Ctrl-C
 * is left to the run command's SIGINT handler (`exitOnCtrlC: false`, stdin untouched: no raw mode), which aborts the run and writes
 * partial reports; Ink only redraws. Ink's own frame limit matches our throttle.
 */
export function mountDashboard(stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream, support: ColorSupport, state: DashboardState, now: number): MountedDashboard {
  let writeError: (text: string) => void = (text) => stderr.write(text);
  const onWriter = (write: (text: string) => void) => {
    writeError = write;
  };
  const tree = (next: DashboardState, time: number) => (
    <>
      <StderrBridge onWriter={onWriter} />
      <DashboardApp state={next} now={time} support={support} />
    </>
  );
  const instance = render(tree(state, now), { stdout, stderr, exitOnCtrlC: false, patchConsole: true, maxFps: 10 });
  return {
    update: (next, time) => instance.rerender(tree(next, time)),
    writeError: (text) => writeError(text),
    close: async () => {
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}
