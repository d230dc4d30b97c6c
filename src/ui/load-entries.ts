import type { SuiteOverrides } from '../suite/resolve.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RobustcheckError } from '../errors.js';
import { readReportFile } from '../report/read-report.js';
import type { SuiteReport } from '../report/report-types.js';
import { terminalSafe } from '../format/terminal-safe.js';
import { discoverSuites, loadSuite, type ResolvedSuite } from '../suite/index.js';
import type { ExplorerEntry } from './state/explorer-state.js';

/** What the explorer starts from: list entries plus the loaded suites it can run. */
export interface ExplorerInputs {
  entries: ExplorerEntry[];
  suites: Map<string, ResolvedSuite>;
}

/** A `report.json` found under the report root. */
export interface FoundReport {
  path: string;
  /** Folder name under the report root (the suite id for reports robustcheck wrote). */
  folder: string;
  report?: SuiteReport;
  error?: string;
}

/** Every `<outDir>/<folder>/report.json`, read and validated; unreadable ones keep their error. */
export function findReports(outDir: string): FoundReport[] {
  let folders: string[];
  try {
    folders = readdirSync(outDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  } catch {
    return [];
  }
  return folders.flatMap((folder): FoundReport[] => {
    const path = join(outDir, folder, 'report.json');
    if (!existsSync(path)) return [];
    try {
      return [{ path, folder, report: readReportFile(path) }];
    } catch (error) {
      return [{ path, folder, error: error instanceof Error ? error.message.split('\n')[0] : String(error) }];
    }
  });
}

/**
 * Whether a found report should replace the one an entry holds: a readable report beats an
 * unreadable one, a newer run beats an older one, and on a tie the folder named after the suite
 * (where robustcheck writes it) wins over copies.
 */
function preferable(found: FoundReport, entry: ExplorerEntry): boolean {
  if (!found.report) return !entry.report && !entry.reportError;
  if (!entry.report) return true;
  if (found.report.startedAt !== entry.report.startedAt) return found.report.startedAt > entry.report.startedAt;
  return found.folder === found.report.suite.id;
}

/**
 * Loads the suites to list (the paths given, else every `suites/**\/*.suite.json`) and the reports
 * under `outDir`, matched by suite id. A suite that fails to load is listed with its error rather
 * than refusing to start: the explorer is where one looks at what is wrong.
 */
export async function loadExplorerInputs(paths: string[], outDir: string, overrides: SuiteOverrides = {}): Promise<ExplorerInputs> {
  const targets = paths.length > 0 ? paths : discoverSuites('suites');
  const entries: ExplorerEntry[] = [];
  const suites = new Map<string, ResolvedSuite>();
  for (const target of targets) {
    try {
      const suite = await loadSuite(target, overrides);
      if (suites.has(suite.id)) {
        entries.push({ id: `${suite.id} (${target})`, suitePath: target, loadError: `duplicate suite id "${suite.id}": give each suite its own id` });
        continue;
      }
      suites.set(suite.id, suite);
      entries.push({ id: suite.id, suitePath: target });
    } catch (error) {
      if (!(error instanceof RobustcheckError)) throw error;
      entries.push({ id: target, suitePath: target, loadError: error.message });
    }
  }
  for (const found of findReports(outDir)) {
    const id = found.report?.suite.id ?? found.folder;
    const entry = entries.find((candidate) => candidate.id === id);
    const details = found.report ? { report: terminalSafe(found.report), reportPath: found.path } : { reportPath: found.path, reportError: found.error ?? 'unreadable' };
    if (!entry) entries.push({ id, ...details });
    else if (preferable(found, entry)) Object.assign(entry, details);
  }
  return { entries, suites };
}
