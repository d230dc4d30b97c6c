/**
 * Names robustcheck writes at the top of a report root (`--out`), beside the per-suite folders
 * `<out>/<suite-id>/`. A suite id equal to one of them (or to its stem, which later layouts may
 * use as a folder) would make a suite's folder and a run-level file collide, so such ids are
 * refused when a suite is validated and when a report names them.
 */
export const runLevelFileNames = ['summary.json', 'events.ndjson', 'summary.md', 'report.json', 'report.html', 'junit.xml', 'index.html'] as const;

/** Suite ids refused because they collide with run-level names (compared case-insensitively). */
export const reservedSuiteIds: ReadonlySet<string> = new Set([
  ...runLevelFileNames,
  ...runLevelFileNames.map((name) => name.replace(/\.[^.]+$/, '')),
  'adversarials',
]);

/**
 * True when `id` may not name a suite folder: it collides with a run-level file (case-insensitive,
 * as macOS and Windows file systems compare names) or ends like a temporary file robustcheck writes.
 */
export function isReservedSuiteId(id: string): boolean {
  const lower = id.toLowerCase();
  return reservedSuiteIds.has(lower) || lower.endsWith('.tmp');
}
