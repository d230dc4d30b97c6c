import { Box, Text } from 'ink';
import type { SuiteReport } from '../../report/report-types.js';
import { truncate } from '../text/window.js';
import { Status, Tone } from './Theme.js';

/** Thresholds (the gate) and sanity checks (is the evaluation itself trustworthy?). */
export function ChecksPanel({ report, width }: { report: SuiteReport; width: number }) {
  const room = Math.max(20, width - 16);
  return (
    <Box flexDirection="column">
      <Text bold>thresholds</Text>
      {report.thresholds.length === 0 ? <Tone tone="muted">  none declared</Tone> : null}
      {report.thresholds.map((threshold, index) => (
        <Text key={`t${index}`}>{'  '}<Status status={threshold.status} width={13} />{truncate(`${threshold.metric}: ${threshold.reason}`, room)}</Text>
      ))}
      <Text bold>{'\n'}sanity checks</Text>
      {(report.sanityChecks ?? []).length === 0 ? <Tone tone="muted">  no sanity checks recorded in this report</Tone> : null}
      {(report.sanityChecks ?? []).map((check) => (
        <Text key={check.id}>{'  '}<Status status={check.status} width={13} />{truncate(`${check.id}: ${check.message}`, room)}</Text>
      ))}
      {report.error ? <Text>{'\n'}<Tone tone="fail">{`error [${report.error.code}]: ${report.error.message}`}</Tone></Text> : null}
    </Box>
  );
}
