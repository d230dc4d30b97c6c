import { resolve } from 'node:path';
import { parseShard } from '../../data/sample-selection.js';
import { runSuites } from '../../runner/run-suites.js';
import { ReporterMultiplexer } from '../../reporters/multiplexer.js';
import { createReporters, defaultReporterNames, includesTerminalReporter } from '../reporter-registry.js';
import { createStaleFileSweeper } from '../../reporters/stale-files.js';
import { createRunStatus } from '../run-status.js';
import { ExitCode } from '../../errors.js';
import { writeReporterFailures } from '../render-events.js';
import { interruptNotice } from '../../view-text/interrupt-notice.js';
import type { InterruptSignal } from '../../events/run-event.js';
import { loadSuitesOrThrow } from '../load-suites.js';
import { filterSuites } from '../filter-suites.js';
import { resultCacheDir } from '../cache-dir.js';
import { loadBaselines } from '../load-baselines.js';
import { defaultWorkers } from '../parse-options.js';
import { adversarialFolder } from './save-adversarials-option.js';
import type { EngineChoice } from '../../engine/engine-choice.js';

/** Flags of `robustcheck run` after commander parsed them. */
export interface RunFlags {
  out: string;
  seed?: number;
  /** `--engine`: replaces every suite's `engine`. */
  engine?: EngineChoice;
  backend: string;
  reporter?: string[];
  limit?: number;
  workers?: number;
  shard?: string;
  /** `--save-adversarials [dir]`: `true` without a folder (then under each suite's report folder). */
  saveAdversarials?: string | boolean;
  /** `--baseline FILE|DIR`: an earlier report.json or report folder to compare with. */
  baseline?: string;
  ci?: boolean;
  ui?: boolean;
  /** `--attack ID[,ID]`: run only these attacks. */
  attack?: string[];
  /** `--grep PATTERN`: run only suites (or suite/attack pairs) matching it. */
  grep?: string;
  /** `--no-cache` sets this to false: compute every attack. */
  cache?: boolean;
}

/**
 * `robustcheck run [SUITE...]`: validates every suite first (exit 2 on any problem), then runs
 * them, fanning events out to the chosen reporters. Ctrl-C stops after the current batch and
 * still writes every report (marked incomplete); a second Ctrl-C exits at once. Returns the
 * run's exit code.
 */
export async function runCommand(paths: string[], flags: RunFlags): Promise<number> {
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
  const suites = filterSuites(await loadSuitesOrThrow(paths, { seed: flags.seed, engine: flags.engine }), {
    ...(flags.attack ? { attacks: flags.attack } : {}), ...(flags.grep !== undefined ? { grep: flags.grep } : {}),
  });
  const baselines = loadBaselines(flags.baseline, suites);
  const interactive = Boolean(process.stdout.isTTY) && process.env.CI !== 'true' && !flags.ci && flags.ui !== false;
  const stepSummaryPath = process.env.GITHUB_STEP_SUMMARY;
  const names = flags.reporter ?? defaultReporterNames(interactive);
  const outDir = resolve(flags.out);
  const reporters = createReporters({ names, interactive, outDir, stdout: process.stdout, ...(stepSummaryPath ? { stepSummaryPath } : {}) });
  // Errors, the verdict and the next steps reach stderr whatever reporters were chosen (DESIGN.md §6).
  const consoleReporter = includesTerminalReporter(names);
  const status = createRunStatus(outDir, { html: names.includes('html'), json: names.includes('json'), console: consoleReporter });
  const multiplexer = new ReporterMultiplexer([...reporters, createStaleFileSweeper(outDir, names), status.reporter]);
  await multiplexer.prepare();
  const controller = new AbortController();
  const onSignal = (signal: InterruptSignal) => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    // The console reporter acknowledges it (the Ink view above its live area); without one, say it here.
    multiplexer.emit({ type: 'run:interrupt', signal, time: new Date().toISOString() });
    if (!consoleReporter) process.stderr.write(interruptNotice);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await runSuites(suites, { backend: flags.backend, shard, limit: flags.limit, signal: controller.signal, emit: multiplexer.emit,
      workers: flags.workers ?? defaultWorkers(), ...(baselines ? { baselines } : {}),
      ...(flags.cache !== false && resultCacheDir() ? { cacheDir: resultCacheDir() } : {}),
      ...(flags.saveAdversarials ? { saveAdversarials: adversarialFolder(flags.out, flags.saveAdversarials) } : {}) });
    const beforeClose = multiplexer.failures.length;
    multiplexer.close();
    await multiplexer.closed();
    writeReporterFailures(multiplexer.failures, (text) => process.stderr.write(text));
    // Errors, the verdict and the next steps, unless a report failed to write (then the failure is the news).
    if (multiplexer.failures.length === 0) for (const line of status.lines()) process.stderr.write(`${line}\n`);
    // One verdict: the run:end every reporter showed, with reports that failed to write folded in.
    const final = multiplexer.finalRunEnd?.exitCode ?? result.exitCode;
    // A reporter that failed only while closing (after the verdict was shown) still fails the run.
    return multiplexer.failures.length > beforeClose && final !== ExitCode.interrupted ? Math.max(final, ExitCode.runtime) : final;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
