import { Box, Text } from 'ink';
import { percent } from '../../format/percent.js';
import type { SuiteReport } from '../../report/report-types.js';
import { className, type CaseRow } from '../state/report-views.js';
import { PixelBlock } from './PixelBlock.js';
import { Tone, useColorSupport } from './Theme.js';

/** Props of {@link ExampleViewer}. */
export interface ExampleViewerProps {
  report: SuiteReport;
  row: CaseRow | undefined;
  cursor: number;
  columns: number;
}

/**
 * Clean image, amplified perturbation and adversarial image side by side, with the true, clean
 * and adversarial labels and confidences. Reports without examples say so.
 */
export function ExampleViewer({ report, row, cursor, columns }: ExampleViewerProps) {
  const { truecolor } = useColorSupport();
  const caseLabel = row ? `${row.attackId} ${row.norm ?? ''} ${row.budgetLabel}`.replace(/\s+/g, ' ') : 'no case';
  const example = row?.examples[cursor];
  if (!row || !example) {
    return (
      <Box flexDirection="column">
        <Text bold>{`adversarial examples · ${report.suite.id} · ${caseLabel}`}</Text>
        <Text>no examples recorded for this case (this report was written without adversarial examples).</Text>
      </Box>
    );
  }
  const showSaliency = columns >= 4 * (example.shape[1] + 4) && Boolean(example.saliency);
  const panels = showSaliency ? 4 : 3;
  const maxWidth = Math.max(8, Math.floor(columns / panels) - 4);
  const name = (index: number) => `${className(report, index)} (${index})`;
  const flipped = example.adversarialPrediction !== example.label;
  const legend = !truecolor ? 'darker = smaller |δ|' : example.shape[2] === 1 ? 'red +, blue −' : 'grey = unchanged';
  return (
    <Box flexDirection="column">
      <Text bold>{`adversarial examples · ${report.suite.id} · ${caseLabel} · example ${cursor + 1} of ${row.examples.length} · sample #${example.index}`}</Text>
      <Box marginY={1}>
        <PixelBlock data={example.clean} shape={example.shape} mode="image" caption="clean" maxWidth={maxWidth} />
        <PixelBlock data={example.perturbation} shape={example.shape} mode="signed" caption="δ amplified" maxWidth={maxWidth} />
        <PixelBlock data={example.adversarial} shape={example.shape} mode="image" caption="adversarial" maxWidth={maxWidth} />
        {showSaliency ? <PixelBlock data={example.saliency} shape={example.shape} mode="image" caption="saliency" maxWidth={maxWidth} /> : null}
      </Box>
      <Text>{`true: ${name(example.label)}`}</Text>
      <Text>{`clean: ${name(example.cleanPrediction)} ${percent(example.cleanConfidence)}`}</Text>
      <Text>
        {'adversarial: '}
        <Tone tone={flipped ? 'fail' : 'pass'} bold>{`${name(example.adversarialPrediction)} ${percent(example.adversarialConfidence)}`}</Tone>
        {flipped ? ' (misclassified)' : ' (still correct)'}
      </Text>
      <Tone tone="muted">{`max |δ| = ${example.perturbationMax.toPrecision(3)} (input units); δ is scaled to full range for display (${legend})`}</Tone>
    </Box>
  );
}
