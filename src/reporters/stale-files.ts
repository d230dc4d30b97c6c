import { existsSync, rmSync } from 'node:fs';
import type { RunEvent } from '../events/run-event.js';
import type { Reporter } from '../events/reporter.js';
import { suiteFilePath } from './suite-files.js';

/** The per-suite file each file reporter writes into `<out>/<suite-id>/`. */
export const suiteReportFiles: Record<string, string> = { json: 'report.json', junit: 'junit.xml', markdown: 'summary.md', html: 'report.html' };

/**
 * Keeps a suite's report folder to one run: when the suite ends, report files that this run's
 * reporters do not write (left by an earlier run with other `--reporter`s, or by a `ui` rerun) are
 * removed, so a folder never mixes the files of two runs. Register it after the file reporters.
 *
 * @param outDir - report root (`--out`)
 * @param names - reporter names of this run
 */
export function createStaleFileSweeper(outDir: string, names: readonly string[]): Reporter {
  // A run that writes no report file into suite folders (e.g. `--reporter plain`) leaves them alone.
  const writesFiles = Object.keys(suiteReportFiles).some((name) => names.includes(name));
  const stale = writesFiles ? Object.entries(suiteReportFiles).filter(([name]) => !names.includes(name)).map(([, file]) => file) : [];
  return {
    name: 'stale-files',
    onEvent(event: RunEvent) {
      if (event.type !== 'suite:end' && event.type !== 'suite:error') return;
      for (const file of stale) {
        const path = suiteFilePath(outDir, event.suiteId, file);
        if (existsSync(path)) rmSync(path, { force: true });
      }
    },
  };
}
