import { relative } from 'node:path';
import type { Reporter } from '../events/reporter.js';
import type { RunEvent } from '../events/run-event.js';

/** Which report files a run writes, by reporter name (see `createReporters`). */
export interface WrittenFormats {
  html: boolean;
  json: boolean;
  console: boolean;
}

/**
 * The lines a run always leaves on stderr (DESIGN.md §6), whatever `--reporter` chose: every suite
 * error, the verdict line, and where the reports are with what to do next. Collected from the
 * events and written by the run command after the live view has closed, so they are never torn by
 * a redraw.
 */
export function createRunStatus(outDir: string, formats: WrittenFormats): { reporter: Reporter; lines: () => string[] } {
  const lines: string[] = [];
  const suites: { id: string; error: boolean; shard?: string }[] = [];
  // A report root outside the working folder reads better as an absolute path than as ../../…
  const nearby = relative('.', outDir);
  const root = nearby === '' ? '.' : nearby.startsWith('..') ? outDir : nearby;
  const reporter: Reporter = {
    name: 'status',
    onEvent(event: RunEvent) {
      if (event.type === 'suite:error') {
        lines.push(`robustcheck: ${event.suiteId} (${event.path}): error [${event.error.code}]: ${event.error.message}`);
        suites.push({ id: event.suiteId, error: true });
      }
      if (event.type === 'suite:end') {
        const { report } = event;
        if (report.error) lines.push(`robustcheck: ${report.suite.id} (${report.suite.path}): error [${report.error.code}]: ${report.error.message}`);
        suites.push({ id: report.suite.id, error: Boolean(report.error), ...(report.shard ? { shard: `${report.shard.index}/${report.shard.count}` } : {}) });
      }
      if (event.type === 'run:end') {
        const passed = event.suites.filter((suite) => suite.verdict === 'pass').length;
        const shard = suites.find((suite) => suite.shard)?.shard;
        lines.push(`robustcheck: ${event.verdict.toUpperCase()}${shard ? ` (shard ${shard}: thresholds not judged; robustcheck report merge gives the verdict)` : ''} · ${passed}/${event.suites.length} suite(s) passed · exit ${event.exitCode}`);
        lines.push(...nextSteps(root, suites.filter((suite) => !suite.error).map((suite) => suite.id), formats, Boolean(shard)));
      }
    },
  };
  return { reporter, lines: () => lines };
}

/** Where the reports are and what a user does next with them. */
function nextSteps(root: string, ids: string[], formats: WrittenFormats, shard: boolean): string[] {
  if (ids.length === 0 || !(formats.html || formats.json)) return [];
  const steps = [`robustcheck: reports in ${root}/ (one folder per suite)`];
  if (formats.html) steps.push(`  open ${root}/${ids[0]}/report.html${ids.length > 1 ? ` (and the other suites' report.html)` : ''} for charts and adversarial examples`);
  if (formats.json && !shard) {
    steps.push(`  robustcheck ui --out ${root}   to browse the results in the terminal`);
    steps.push(`  robustcheck report compare OLD ${root}/${ids[0]}   to compare with an earlier run (or run --baseline OLD)`);
  }
  if (formats.json && shard) steps.push(`  robustcheck report merge SHARD_DIR... --out DIR   once every shard has finished`);
  return steps;
}
