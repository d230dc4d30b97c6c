/** Finds suite files when `robustcheck run` is given none. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Suite files are recognised by name. */
export const suiteFileSuffix = '.suite.json';

/**
 * Every `**\/*.suite.json` file under `root`, sorted by path (code-unit order, so the result is
 * the same on every machine and locale).
 *
 * @param root - folder to search (default `suites`, relative to the current folder)
 * @returns paths joined onto `root`; empty when `root` does not exist or holds no suites
 */
export function discoverSuites(root = 'suites'): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root, { recursive: true, encoding: 'utf8' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.endsWith(suiteFileSuffix))
    .map((entry) => join(root, entry))
    .filter((path) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
