import { Box, Text } from 'ink';
import { percent } from '../../format/percent.js';
import { caseFigures } from '../state/dashboard-selectors.js';
import type { DashboardState } from '../state/dashboard-state.js';
import { formatBudget } from '../../format/budget.js';
import { formatDuration, progressBar } from '../text/bars.js';
import { Tone } from './Theme.js';

/**
 * The live part of the dashboard: the running suite's current attack × budget with a progress
 * bar, samples/s, ETA and the live robust accuracy; or what is being prepared before that.
 */
export function RunningPanel({ state, now, width }: { state: DashboardState; now: number; width: number }) {
  const running = state.running;
  if (state.end) return null;
  if (!running) {
    const next = state.queued[state.finished.length];
    return <Text><Tone tone="accent">… </Tone>{next ? `loading model and data of ${next}` : 'starting'}</Text>;
  }
  const elapsed = formatDuration((now - running.startedAt) / 1000);
  const current = running.current;
  if (!current) {
    // Before the first case: the clean pass; after the last: sanity checks and the report.
    const phase = running.clean ? 'sanity checks and report' : `clean pass over ${running.samples} samples`;
    return <Text><Tone tone="accent">… </Tone>{`${running.id}: ${phase} · ${elapsed}`}</Text>;
  }
  const figures = caseFigures(current, running.samples, now);
  const label = `${current.attackId} ${current.norm ?? ''} ${formatBudget(current.budgetKind, current.budget)}`.replace(/\s+/g, ' ');
  const barWidth = Math.max(10, Math.min(40, width - 80));
  const counts = current.total !== undefined ? `${current.done}/${current.total}` : 'starting';
  const rate = figures.samplesPerSecond !== undefined ? `${figures.samplesPerSecond.toFixed(1)} samples/s` : '– samples/s';
  const eta = figures.etaSeconds !== undefined ? `ETA ${formatDuration(figures.etaSeconds)}` : 'ETA –';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {`  ${label.padEnd(20)} `}
        <Tone tone="accent">{progressBar(figures.progress, barWidth, '░')}</Tone>
        {` ${percent(figures.progress, 0).padStart(4)}  ${counts} · ${rate} · ${eta} · robust ≈ `}
        <Text bold>{figures.robustAccuracy !== undefined ? percent(figures.robustAccuracy) : '–'}</Text>
      </Text>
      <Tone tone="muted">{`  ${running.id} · case ${Math.min(running.casesDone + 1, running.casesTotal)} of ${running.casesTotal} · elapsed ${elapsed}`}</Tone>
    </Box>
  );
}
