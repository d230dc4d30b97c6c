import { Box, Text } from 'ink';
import type { SuiteReport } from '../../report/report-types.js';
import { contributionRows, queryRows } from '../../view-text/protocol-text.js';
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
      <ProtocolLines report={report} room={room} />
      {report.error ? <Text>{'\n'}<Tone tone="fail">{`error [${report.error.code}]: ${report.error.message}`}</Tone></Text> : null}
    </Box>
  );
}

/** Cascade contributions (which member broke how many) and Square's queries, when the suite ran them. */
function ProtocolLines({ report, room }: { report: SuiteReport; room: number }) {
  const contributions = contributionRows(report);
  const queries = queryRows(report);
  if (contributions.length === 0 && queries.length === 0) return null;
  return (
    <Box flexDirection="column">
      {contributions.length > 0 ? <Text bold>{'\n'}cascade contributions (each member attacks what earlier ones left robust)</Text> : null}
      {contributions.map(([attack, epsilon, member, attacked, broken]) => (
        <Text key={`c${attack}${epsilon}${member}`}>{truncate(`  ${attack} ε=${epsilon} · ${member}: attacked ${attacked}, broke ${broken}`, room)}</Text>
      ))}
      {queries.length > 0 ? <Text bold>{'\n'}queries per sample (score-based attacks)</Text> : null}
      {queries.map(([attack, epsilon, samples, mean, median, max]) => (
        <Text key={`q${attack}${epsilon}`}>{truncate(`  ${attack} ε=${epsilon} · ${samples} samples: mean ${mean}, median ${median}, max ${max}`, room)}</Text>
      ))}
    </Box>
  );
}
