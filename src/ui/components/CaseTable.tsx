import { Box, Text } from 'ink';
import { interval } from '../../format/interval.js';
import { percent } from '../../format/percent.js';
import type { SuiteReport } from '../../report/report-types.js';
import type { CaseRow } from '../state/report-views.js';
import { visibleWindow } from '../text/window.js';
import { Tone } from './Theme.js';

const header = `  ${'attack'.padEnd(12)} ${'norm'.padEnd(5)} ${'budget'.padEnd(12)} ${'robust'.padStart(7)} ${'95% CI'.padEnd(13)} ${'success'.padStart(7)} ${'‖δ‖∞ max'.padStart(9)} ${'samples/s'.padStart(9)} examples`;

/** Attacks × budgets with robust accuracy, interval, success rate and perturbation size. */
export function CaseTable({ report, rows, cursor, height }: { report: SuiteReport; rows: CaseRow[]; cursor: number; height: number }) {
  const { start, end } = visibleWindow(rows.length, cursor, height);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{header}</Text>
      <Text>{`  ${'clean'.padEnd(12)} ${''.padEnd(5)} ${''.padEnd(12)} ${percent(report.clean.accuracy).padStart(7)} ${interval(report.clean.ci95).padEnd(13)}`}</Text>
      {rows.length === 0 ? <Tone tone="muted">  no attack finished in this report</Tone> : null}
      {rows.slice(start, end).map((row, offset) => {
        const selected = start + offset === cursor;
        return (
          <Text key={`${row.attackId}/${row.budget}`} wrap="truncate-end" {...(selected ? { inverse: true } : {})}>
            {`${selected ? '›' : ' '} ${row.attackId.padEnd(12)} ${(row.norm ?? '').padEnd(5)} ${row.budgetLabel.padEnd(12)} ${percent(row.robustAccuracy).padStart(7)} ${interval(row.ci95).padEnd(13)}`}
            {` ${percent(row.attackSuccessRate).padStart(7)} ${row.linfMax.toFixed(4).padStart(9)} ${row.samplesPerSecond.toFixed(0).padStart(9)} ${String(row.examples.length).padStart(8)}`}
          </Text>
        );
      })}
      {end - start < rows.length ? <Tone tone="muted">{`  rows ${start + 1}–${end} of ${rows.length}`}</Tone> : null}
    </Box>
  );
}
