import { Box, Text } from 'ink';
import { percent } from '../../format/percent.js';
import type { ExplorerEntry, SuiteTab } from '../state/explorer-state.js';
import { suiteTabs } from '../state/explorer-state.js';
import { caseRows } from '../state/report-views.js';
import { AccuracyChart } from './AccuracyChart.js';
import { CaseTable } from './CaseTable.js';
import { ChecksPanel } from './ChecksPanel.js';
import { PerClassTable } from './PerClassTable.js';
import { Status, Tone } from './Theme.js';

const tabLabels: Record<SuiteTab, string> = { cases: 'attacks × ε', chart: 'chart', classes: 'per class', checks: 'checks' };

/** Props of {@link SuiteView}. */
export interface SuiteViewProps {
  entry: ExplorerEntry;
  tab: SuiteTab;
  caseCursor: number;
  /** Terminal size in cells; rows bound the tables so the screen never scrolls. */
  columns: number;
  rows: number;
}

/** One suite's latest report: header, tab bar, and the selected tab. */
export function SuiteView({ entry, tab, caseCursor, columns, rows }: SuiteViewProps) {
  const report = entry.report;
  if (!report) return <Text>{`${entry.id} has no report yet: press r to run it.`}</Text>;
  const cases = caseRows(report);
  const height = Math.max(3, rows - 12);
  const worst = [...(report.worstCase ?? [])].sort((a, b) => a.robustAccuracy - b.robustAccuracy)[0];
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>{report.suite.id}</Text>
        {` · ${report.samples} samples · seed ${report.seed} · ${report.environment.backend} · score ${report.score.toFixed(1)} · `}
        <Status status={report.verdict} />
        {report.complete ? '' : <Tone tone="warn">{report.error ? ' · incomplete (stopped by an error: see checks)' : ' · incomplete (interrupted)'}</Tone>}
      </Text>
      <Tone tone="muted">
        {`${report.suite.path} · ${report.startedAt.slice(0, 19).replace('T', ' ')} · clean ${percent(report.clean.accuracy)}`}
        {worst ? ` · worst-case robust ${percent(worst.robustAccuracy)} at ε=${worst.epsilon}` : ''}
      </Tone>
      <Box marginY={1}>
        {suiteTabs.map((name, index) => (
          <Text key={name} {...(name === tab ? { inverse: true, bold: true } : {})}>{` ${index + 1} ${tabLabels[name]} `}</Text>
        ))}
      </Box>
      {tab === 'cases' ? <CaseTable report={report} rows={cases} cursor={caseCursor} height={height} /> : null}
      {tab === 'chart' ? <AccuracyChart report={report} width={columns} height={height} /> : null}
      {tab === 'classes' ? <PerClassTable report={report} row={cases[caseCursor]} height={height} /> : null}
      {tab === 'checks' ? <ChecksPanel report={report} width={columns} /> : null}
    </Box>
  );
}
