import { resolve } from 'node:path';
import { parseShard } from '../../runner/sample-selection.js';
import { runSuites } from '../../runner/run-suites.js';
import { ReporterMultiplexer } from '../../reporters/multiplexer.js';
import { createReporters } from '../../reporters/create-reporters.js';
import { ExitCode } from '../../errors.js';
import { writeReporterFailures } from '../../report/render-events.js';
import { loadSuitesOrThrow } from '../load-suites.js';
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
}

/**
 * `robustcheck run [SUITE...]`: validates every suite first (exit 2 on any problem), then runs
 * them, fanning events out to the chosen reporters. Ctrl-C stops after the current batch and
 * still writes every report (marked incomplete); a second Ctrl-C exits at once. Returns the
 * run's exit code.
 */
export async function runCommand(paths: string[], flags: RunFlags): Promise<number> {
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
  const suites = await loadSuitesOrThrow(paths, { seed: flags.seed, engine: flags.engine });
  const baselines = loadBaselines(flags.baseline, suites);
  const interactive = Boolean(process.stdout.isTTY) && process.env.CI !== 'true' && !flags.ci && flags.ui !== false;
  const stepSummaryPath = process.env.GITHUB_STEP_SUMMARY;
  const reporters = createReporters({ names: flags.reporter, interactive, outDir: resolve(flags.out), stdout: process.stdout, ...(stepSummaryPath ? { stepSummaryPath } : {}) });
  const multiplexer = new ReporterMultiplexer(reporters);
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    process.stderr.write('\nInterrupted: finishing the current batch and writing partial reports (Ctrl-C again to quit at once)…\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await runSuites(suites, { backend: flags.backend, shard, limit: flags.limit, signal: controller.signal, emit: multiplexer.emit,
      workers: flags.workers ?? defaultWorkers(), ...(baselines ? { baselines } : {}),
      ...(flags.saveAdversarials ? { saveAdversarials: adversarialFolder(flags.out, flags.saveAdversarials) } : {}) });
    const beforeClose = multiplexer.failures.length;
    multiplexer.close();
    writeReporterFailures(multiplexer.failures, (text) => process.stderr.write(text));
    // One verdict: the run:end every reporter showed, with reports that failed to write folded in.
    const final = multiplexer.finalRunEnd?.exitCode ?? result.exitCode;
    // A reporter that failed only while closing (after the verdict was shown) still fails the run.
    return multiplexer.failures.length > beforeClose && final !== ExitCode.interrupted ? Math.max(final, ExitCode.runtime) : final;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
