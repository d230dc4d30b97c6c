import { Box, Text } from 'ink';
import { percent } from '../../format/percent.js';
import { normBudget } from '../../format/budget.js';
import { seconds } from '../../format/duration.js';
import type { DashboardState } from '../state/dashboard-state.js';
import { Status, Tone } from './Theme.js';

const columns = [['suite', 24], ['samples', 8], ['clean', 8], ['worst-case robust', 24], ['score', 7], ['verdict', 12]] as const;

/** Final table: every suite with its score and verdict, then the run's verdict and exit code. */
export function SummaryTable({ state }: { state: DashboardState }) {
  const end = state.end;
  if (!end) return null;
  const width = (index: number) => columns[index]![1];
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>{columns.map(([name, size]) => name.padEnd(size)).join(' ').trimEnd()}</Text>
      {state.finished.map((suite) => (
        <Text key={suite.id}>
          {[
            suite.id.padEnd(width(0)),
            String(suite.samples).padEnd(width(1)),
            (suite.cleanAccuracy !== undefined ? percent(suite.cleanAccuracy) : '–').padEnd(width(2)),
            (suite.worstCase ? `${percent(suite.worstCase.robustAccuracy)} (${normBudget(suite.worstCase.norm, suite.worstCase.epsilon)})` : '–').padEnd(width(3)),
            (suite.score !== undefined ? suite.score.toFixed(1) : '–').padEnd(width(4)),
          ].join(' ')}{' '}
          <Status status={suite.verdict} />
          {suite.complete ? '' : <Tone tone="warn"> incomplete</Tone>}
        </Text>
      ))}
      <Text>
        {'\n'}<Status status={end.verdict} />
        {`: ${end.passed}/${end.total} suite(s) passed · ${seconds(end.durationMs)} · exit ${end.exitCode}`}
        {end.verdict === 'interrupted' ? ' · partial reports written (complete: false)' : ''}
      </Text>
    </Box>
  );
}
