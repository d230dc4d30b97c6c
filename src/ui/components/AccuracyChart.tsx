import { Box, Text } from 'ink';
import { percent } from '../../format/percent.js';
import type { SuiteReport } from '../../report/report-types.js';
import { chartBars } from '../state/report-views.js';
import { progressBar } from '../text/bars.js';
import { visibleWindow } from '../text/window.js';
import { Tone, type ToneName } from './Theme.js';

/** Bar colour by accuracy relative to clean: how much of the clean accuracy survives. */
function toneFor(value: number, clean: number): ToneName {
  const kept = clean > 0 ? value / clean : 0;
  return kept >= 0.8 ? 'pass' : kept >= 0.5 ? 'warn' : 'fail';
}

/**
 * Accuracy vs budget as horizontal eighth-block bars on a shared 0–100 % axis: clean accuracy
 * first, then each attack's budgets in ascending order, so the fall-off with ε reads top-down.
 */
export function AccuracyChart({ report, width, height }: { report: SuiteReport; width: number; height: number }) {
  const bars = chartBars(report);
  const barWidth = Math.max(10, Math.min(60, width - 50));
  const { start, end } = visibleWindow(bars.length, 0, height);
  const axis = `${'0%'.padEnd(Math.floor(barWidth / 2))}${'50%'.padEnd(barWidth - Math.floor(barWidth / 2))}100%`;
  return (
    <Box flexDirection="column">
      <Text bold>{`accuracy vs ε (robust accuracy, % of all ${report.samples} samples, with 95% CI)`}</Text>
      <Tone tone="muted">{`${''.padEnd(24)}${axis}`}</Tone>
      {bars.slice(start, end).map((bar, index) => {
        const first = index === 0 || bars[start + index - 1]!.group !== bar.group;
        return (
          <Text key={`${bar.group}/${bar.label}`} wrap="truncate-end">
            {`${(first ? bar.group : '').padEnd(12)}${bar.label.padEnd(12)}`}
            <Tone tone={bar.group === 'clean' ? 'accent' : toneFor(bar.value, report.clean.accuracy)}>{progressBar(bar.value, barWidth)}</Tone>
            {` ${percent(bar.value).padStart(6)}  [${percent(bar.ci95[0], 0)}–${percent(bar.ci95[1], 0)}]`}
          </Text>
        );
      })}
      {end < bars.length ? <Tone tone="muted">{`  … ${bars.length - end} more bar(s): enlarge the terminal`}</Tone> : null}
    </Box>
  );
}
