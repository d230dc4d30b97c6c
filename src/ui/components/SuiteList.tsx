import { Box, Text } from 'ink';
import type { ExplorerEntry } from '../state/explorer-state.js';
import { truncate, visibleWindow } from '../text/window.js';
import { Status, Tone } from './Theme.js';

/** What the list says about an entry's latest report (or why there is none). */
function ReportSummary({ entry }: { entry: ExplorerEntry }) {
  if (entry.loadError) return <Tone tone="fail">{`invalid suite: ${entry.loadError.split('\n')[0]}`}</Tone>;
  const report = entry.report;
  if (!report && entry.reportError) return <Tone tone="warn">{`report unreadable: ${entry.reportError}`}</Tone>;
  if (!report) return <Tone tone="muted">not run yet (Enter or r runs it)</Tone>;
  // Marks come before the date so a narrow terminal cuts the date, not the warning.
  return (
    <Text>
      <Status status={report.verdict} width={5} />
      {` score ${report.score.toFixed(1).padStart(5)}`}
      {report.complete ? '' : <Tone tone="warn"> (incomplete)</Tone>}
      {entry.suitePath ? '' : <Tone tone="muted"> (report only)</Tone>}
      {` · ${report.samples} samples · ${report.startedAt.slice(0, 16).replace('T', ' ')}`}
    </Text>
  );
}

/** The explorer's first screen: suites and earlier reports, one row each, with the cursor. */
export function SuiteList({ entries, cursor, outDir, rows, columns }: { entries: ExplorerEntry[]; cursor: number; outDir: string; rows: number; columns: number }) {
  const { start, end } = visibleWindow(entries.length, cursor, rows);
  // Columns fit their content; on narrow terminals the path gives way first so the verdict and
  // score stay visible (about 50 cells are kept for them).
  const idWidth = Math.min(22, Math.max(8, ...entries.map((entry) => entry.id.length)));
  const longestPath = Math.max(4, ...entries.map((entry) => (entry.suitePath ?? entry.reportPath ?? '').length));
  const pathWidth = Math.max(12, Math.min(36, longestPath, columns - idWidth - 54));
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>Suites</Text>
        <Tone tone="muted">{` — ${entries.length} found · reports in ${outDir}`}</Tone>
      </Text>
      {entries.length === 0 ? <Text>No suites or reports found: pass suite files, e.g. robustcheck ui suites/my.suite.json</Text> : null}
      {entries.slice(start, end).map((entry, offset) => {
        const selected = start + offset === cursor;
        return (
          <Text key={entry.id} wrap="truncate-end">
            <Text {...(selected ? { bold: true, inverse: true } : {})}>{`${selected ? '›' : ' '} ${truncate(entry.id, idWidth).padEnd(idWidth)} `}</Text>
            {` ${truncate(entry.suitePath ?? entry.reportPath ?? '', pathWidth).padEnd(pathWidth)} `}
            <ReportSummary entry={entry} />
          </Text>
        );
      })}
    </Box>
  );
}
