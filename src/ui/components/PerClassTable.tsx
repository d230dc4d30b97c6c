import { Box, Text } from 'ink';
import { percent } from '../../format/percent.js';
import type { SuiteReport } from '../../report/report-types.js';
import { perClassRows, type CaseRow } from '../state/report-views.js';
import { progressBar } from '../text/bars.js';
import { truncate, visibleWindow } from '../text/window.js';
import { Tone } from './Theme.js';

/** A ratio as a percentage, or – when undefined (class never predicted, or no metrics). */
const ratio = (value: number | null | undefined) => (value === null || value === undefined ? '–' : percent(value));

/** Clean and robust accuracy per class under the selected case (↑↓ picks the case). */
export function PerClassTable({ report, row, height }: { report: SuiteReport; row: CaseRow | undefined; height: number }) {
  const classes = perClassRows(report, row);
  const { start, end } = visibleWindow(classes.length, 0, height);
  const withMetrics = classes.some((entry) => entry.precision !== undefined);
  const caseLabel = row ? `${row.attackId} ${row.norm ?? ''} ${row.budgetLabel}`.replace(/\s+/g, ' ') : 'no case';
  return (
    <Box flexDirection="column">
      <Text bold>{`per class under ${caseLabel}`}<Tone tone="muted"> (↑↓ changes the case)</Tone></Text>
      <Text bold>{`  ${'class'.padEnd(16)} ${'samples'.padStart(7)} ${'clean'.padStart(7)} ${'robust'.padStart(7)}  ${'robust of class'.padEnd(24)}${withMetrics ? '  precision recall     F1' : ''}`}</Text>
      {classes.length === 0 ? <Tone tone="muted">  this report holds no per-sample outcomes</Tone> : null}
      {classes.slice(start, end).map((entry) => (
        <Text key={entry.index} wrap="truncate-end">
          {`  ${truncate(entry.name, 16).padEnd(16)} ${String(entry.samples).padStart(7)} ${percent(entry.cleanAccuracy).padStart(7)} `}
          {`${entry.robustAccuracy !== undefined ? percent(entry.robustAccuracy).padStart(7) : '      –'}  `}
          <Tone tone="accent">{progressBar(entry.robustAccuracy ?? 0, 24)}</Tone>
          {withMetrics ? `  ${ratio(entry.precision).padStart(9)} ${ratio(entry.recall).padStart(6)} ${ratio(entry.f1).padStart(6)}` : ''}
        </Text>
      ))}
      {end < classes.length ? <Tone tone="muted">{`  … ${classes.length - end} more class(es): enlarge the terminal`}</Tone> : null}
    </Box>
  );
}
