import { selectBackend } from '../model/backend.js';
import { decideRunVerdict } from '../metrics/verdict.js';
import type { SuiteReport } from '../report/report-types.js';
import type { ResolvedSuite } from '../suite/types.js';
import { tool } from '../version.js';
import { eventsVersion, type EventSink } from '../events/run-event.js';
import { runSuite } from './run-suite.js';
import type { Shard } from '../data/sample-selection.js';

/** Options of a run over several suites. */
export interface RunOptions {
  /** `auto`, `tensorflow`, `webgpu`, `wasm` or `cpu`. */
  backend?: string;
  shard?: Shard;
  limit?: number;
  signal?: AbortSignal;
  emit: EventSink;
  /** Worker threads for attack cases on CPU backends (default 1: this thread only). */
  workers?: number;
  /**
   * `--save-adversarials`: folder per suite of its exported adversarials (given the suite id), or
   * undefined to export nothing.
   */
  saveAdversarials?: (suiteId: string) => string;
  /** `--baseline`: earlier reports by suite id, compared sample by sample with this run's. */
  baselines?: { source: string; reports: ReadonlyMap<string, SuiteReport> };
  /** Result cache folder (see result-cache.ts); absent: every attack is computed. */
  cacheDir?: string;
}

/** Outcome of a run: every suite's report and the one verdict that sets the exit code. */
export interface RunResult {
  reports: SuiteReport[];
  verdict: SuiteReport['verdict'] | 'interrupted';
  exitCode: number;
  interrupted: boolean;
}

/**
 * Runs validated suites one after another on one backend, emitting the event stream
 * (`run:start` … `run:end`). The run's exit code is the worst suite's: input errors (2) and
 * runtime errors (3) outrank failures (1); an interruption gives 130.
 */
export async function runSuites(suites: ResolvedSuite[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const backend = await selectBackend(options.backend ?? 'auto');
  options.emit({ type: 'run:start', version: eventsVersion, tool, suites: suites.map((suite) => suite.id), backend, time: new Date().toISOString() });
  const reports: SuiteReport[] = [];
  for (const suite of suites) {
    if (options.signal?.aborted) break;
    const baseline = options.baselines ? { source: options.baselines.source, report: options.baselines.reports.get(suite.id) } : undefined;
    const report = await runSuite(suite, {
      backend, shard: options.shard, limit: options.limit, signal: options.signal, emit: options.emit, workers: options.workers, ...(baseline ? { baseline } : {}),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(options.saveAdversarials ? { saveAdversarials: options.saveAdversarials(suite.id) } : {}),
    });
    reports.push(report);
    options.emit({ type: 'suite:end', suiteId: suite.id, report });
  }
  const interrupted = options.signal?.aborted ?? false;
  const decided = decideRunVerdict(reports, interrupted);
  options.emit({
    type: 'run:end', verdict: decided.verdict, exitCode: decided.exitCode, durationMs: performance.now() - started,
    suites: reports.map((report) => ({ id: report.suite.id, verdict: report.verdict, score: report.score, exitCode: report.exitCode })),
  });
  return { reports, verdict: decided.verdict, exitCode: decided.exitCode, interrupted };
}
