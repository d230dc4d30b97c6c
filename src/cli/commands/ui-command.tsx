import type { EngineChoice } from '../../engine/engine-choice.js';
import { resolve } from 'node:path';
import { render } from 'ink';
import { InputError } from '../../errors.js';
import { suiteReportDir } from '../../reporters/json-reporter.js';
import { createReporters } from '../reporter-registry.js';
import { createStaleFileSweeper } from '../../reporters/stale-files.js';
import { ReporterMultiplexer } from '../../reporters/multiplexer.js';
import { runSuites } from '../../runner/run-suites.js';
import type { RunEvent } from '../../events/run-event.js';
import { ExplorerApp } from '../../ui/components/ExplorerApp.js';
import type { StartRun } from '../../ui/hooks/use-run-requests.js';
import { loadExplorerInputs } from '../../ui/load-entries.js';
import { initialExplorerState } from '../../ui/state/explorer-state.js';
import { detectColorSupport } from '../../ui/text/color-support.js';
import { defaultWorkers } from '../parse-options.js';

/** Flags of `robustcheck ui`. */
export interface UiFlags {
  out: string;
  seed?: number;
  engine?: EngineChoice;
  backend: string;
  limit?: number;
  workers?: number;
}

/** Alternate screen: the explorer draws full-screen and the shell's screen comes back on exit. */
const enterAltScreen = '\u001B[?1049h\u001B[H';
const leaveAltScreen = '\u001B[?1049l';

/**
 * `robustcheck ui [SUITE...]`: the interactive explorer. Needs a terminal on stdin and stdout
 * (exit 2 otherwise). Runs started here go through the same runner and write report.json like
 * `robustcheck run`. Returns 0 when the user quits.
 */
export async function uiCommand(paths: string[], flags: UiFlags): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new InputError('NOT_A_TERMINAL', 'The ui command needs an interactive terminal (stdin and stdout must be a TTY). In scripts and CI use robustcheck run, which prints plain lines and writes reports/<suite>/report.json.');
  }
  const outDir = resolve(flags.out);
  const { entries, suites } = await loadExplorerInputs(paths, outDir, { seed: flags.seed, engine: flags.engine });
  const startRun: StartRun = async (suiteIds, emit, signal) => {
    const ui = { name: 'ui', onEvent: (event: RunEvent) => emit(event) };
    // Every per-suite format of one run together, then stale files of other runs removed: a rerun
    // from here never leaves a folder whose report.json and report.html disagree.
    const files = ['json', 'junit', 'markdown', 'html'];
    const multiplexer = new ReporterMultiplexer([...createReporters({ names: files, interactive: false, outDir, stdout: process.stdout }), createStaleFileSweeper(outDir, files), ui]);
    await multiplexer.prepare();
    const selected = suiteIds.flatMap((id) => suites.get(id) ?? []);
    const result = await runSuites(selected, {
      backend: flags.backend, limit: flags.limit, signal, emit: multiplexer.emit, workers: flags.workers ?? defaultWorkers(),
    });
    multiplexer.close();
    const failure = multiplexer.failures[0];
    if (failure) throw failure.error instanceof Error ? failure.error : new Error(`${failure.reporter} reporter failed: ${String(failure.error)}`);
    const reportPaths = Object.fromEntries(result.reports.map((report) => [report.suite.id, resolve(suiteReportDir(outDir, report.suite.id), 'report.json')]));
    return { reports: result.reports, reportPaths };
  };
  process.stdout.write(enterAltScreen);
  const instance = render(
    <ExplorerApp initial={initialExplorerState(entries)} outDir={flags.out} startRun={startRun} support={detectColorSupport()} />,
    { exitOnCtrlC: false, patchConsole: true, maxFps: 20 },
  );
  // Keys arrive in raw mode (Ctrl-C included); a signal from outside still closes cleanly.
  const onSignal = () => instance.unmount();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.stdout.write(leaveAltScreen);
  }
  return 0;
}
