import { Box, Text } from 'ink';
import { interval } from '../../format/interval.js';
import { percent } from '../../format/percent.js';
import { normBudget } from '../../format/budget.js';
import { seconds } from '../../format/duration.js';
import type { FinishedSuite, LogItem } from '../state/dashboard-state.js';
import { Status, Tone } from './Theme.js';
import { robustLegend, scoreLegend } from '../../view-text/explain.js';

/** One finished suite: score, clean and worst-case robust accuracy, verdict in colour. */
export function SuiteResultLine({ suite }: { suite: FinishedSuite }) {
  if (suite.error) {
    return (
      <Text>
        <Tone tone="fail">✗ </Tone><Text bold>{suite.id}</Text> <Status status={suite.verdict} /> [{suite.error.code}] {suite.error.message}
      </Text>
    );
  }
  const worst = suite.worstCase
    ? `${percent(suite.worstCase.robustAccuracy)} (${normBudget(suite.worstCase.norm, suite.worstCase.epsilon)})`
    : '–';
  return (
    <Box flexDirection="column">
    <Text>
      <Tone tone={suite.verdict === 'pass' ? 'pass' : 'fail'}>{suite.verdict === 'pass' ? '✔ ' : '✗ '}</Tone>
      <Text bold>{suite.id}</Text>
      {`  score ${suite.score?.toFixed(1) ?? '–'} · clean ${suite.cleanAccuracy !== undefined ? percent(suite.cleanAccuracy) : '–'} · worst-case robust ${worst} · `}
      <Status status={suite.verdict} />
      {suite.complete ? '' : ' (incomplete)'}
      <Tone tone="muted">{`${suite.seed !== undefined ? ` · seed ${suite.seed}` : ''}${suite.durationMs !== undefined ? ` · ${seconds(suite.durationMs)}` : ''}`}</Tone>
    </Text>
    {(suite.problems ?? []).map((problem, index) => (
      <Text key={index}>{'    '}<Status status={problem.status} width={13} />{problem.text}</Text>
    ))}
    {suite.shard ? <Tone tone="muted">{`    shard ${suite.shard}: thresholds not judged on part of the samples; robustcheck report merge judges them`}</Tone> : null}
    <Tone tone="muted">{`    ${scoreLegend}`}</Tone>
    </Box>
  );
}

/** One line of the run log (printed once above the live area). */
export function LogLine({ item }: { item: LogItem }) {
  switch (item.kind) {
    case 'header':
      return (
        <Box flexDirection="column">
          <Text><Text bold>{item.tool} {item.version}</Text> · backend <Tone tone="accent">{item.backend}</Tone> <Tone tone="muted">({item.backendReason})</Tone></Text>
          <Text>{`${item.suites.length} suite(s) queued: ${item.suites.join(', ')}`}</Text>
        </Box>
      );
    case 'suite-start':
      return <Text>{'\n'}<Tone tone="accent">▶ </Tone><Text bold>{item.suiteId}</Text>{` (${item.path}) — ${item.samples} samples, ${item.attacks} attack(s), ${item.cases} case(s)${item.engine ? ` · engine ${item.engine}` : ''}`}</Text>;
    case 'clean':
      return (
        <Box flexDirection="column">
          <Text>{`  clean accuracy ${percent(item.accuracy)} ${interval(item.ci95)} (${item.correct}/${item.samples})`}</Text>
          <Tone tone="muted">{`  (${robustLegend})`}</Tone>
        </Box>
      );
    case 'case':
      return (
        <Text>
          {`  ${item.attackId.padEnd(12)} ${(item.norm ?? '').padEnd(4)} ${item.budgetLabel.padEnd(12)} robust ${percent(item.robustAccuracy).padStart(6)} ${interval(item.ci95)}`}
          <Tone tone="muted">{`  success ${percent(item.attackSuccessRate).padStart(6)} · ${item.nothingLeft ? 'nothing left to attack: all broken at a smaller budget' : `${item.samplesPerSecond.toFixed(0)} samples/s`}`}</Tone>
        </Text>
      );
    case 'suite-end':
      return <SuiteResultLine suite={item.suite} />;
    case 'message':
      return <Tone tone={item.level === 'info' ? 'muted' : item.level === 'warn' ? 'warn' : 'fail'}>{`  ${item.level}: ${item.text}`}</Tone>;
    default:
      return null;
  }
}
