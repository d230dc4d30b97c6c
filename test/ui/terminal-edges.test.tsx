import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { render as inkRender, Text } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { DashboardApp } from '../../src/ui/components/DashboardApp.js';
import { ErrorBoundary } from '../../src/ui/components/ErrorBoundary.js';
import { ExplorerApp } from '../../src/ui/components/ExplorerApp.js';
import { foldDashboard } from '../../src/ui/state/dashboard-reducer.js';
import { initialDashboardState } from '../../src/ui/state/dashboard-state.js';
import { initialExplorerState } from '../../src/ui/state/explorer-state.js';
import { craftedStream, makeReport, stripAnsi } from './fixtures.js';

afterEach(() => cleanup());

/** Minimal streams for Ink: stdout records frames; stdin is not a TTY (piped input). */
function pipedStreams() {
  const stdout = Object.assign(new EventEmitter(), { columns: 100, rows: 30, frames: [] as string[], write(frame: string) { stdout.frames.push(frame); return true; } });
  const stdin = Object.assign(new EventEmitter(), { isTTY: undefined, setEncoding() {}, resume() {}, pause() {}, ref() {}, unref() {}, read: () => null });
  return { stdout, stdin };
}

describe('terminal edge cases', () => {
  it('Given stdin is not a TTY (isRawModeSupported undefined), When the explorer renders, Then it shows the list without crashing', async () => {
    const { stdout, stdin } = pipedStreams();
    const instance = inkRender(
      <ExplorerApp initial={initialExplorerState([{ id: 'tiny', suitePath: 's.json', report: makeReport() }])} outDir="reports" startRun={() => Promise.reject(new Error('unused'))} support={{ colors: false, truecolor: false }} />,
      { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, debug: true, patchConsole: false, exitOnCtrlC: false },
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    instance.unmount();
    const frame = stripAnsi(stdout.frames.at(-1) ?? '');
    expect(frame).toContain('Suites — 1 found');
    expect(frame).toContain('q quit');
    expect(frame).not.toContain('terminal view failed');
  });

  it('Given a view that throws, When it renders, Then the error boundary prints one line instead', () => {
    const Broken = () => {
      throw new Error('bad layout');
    };
    const { lastFrame } = render(<ErrorBoundary><Text>ok</Text><Broken /></ErrorBoundary>);
    expect(lastFrame()!.replace(/\s+/g, ' ')).toBe('robustcheck: the terminal view failed (bad layout); the run continues and reports are still written. Use --ci for plain output.');
  });
});
