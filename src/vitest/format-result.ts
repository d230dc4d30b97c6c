/**
 * Failure messages of the `toBeRobust` matcher: what was required, what was measured with its
 * interval, and what to do, in a few aligned lines that read well in a test runner.
 */
import type { RobustnessResult } from './robustness-check.js';
import { interval } from '../format/interval.js';
import { percent } from '../format/percent.js';

/** The floor as vitest's diff shows it under "Expected". */
export function expectedText(result: RobustnessResult): string {
  return `robust accuracy ≥ ${percent(result.threshold.expected.min ?? 0)}`;
}

/** The measurement as vitest's diff shows it under "Received". */
export function actualText(result: RobustnessResult): string {
  const ci = result.threshold.ci95 ? ` ${interval(result.threshold.ci95, 'bracketed-percent')}` : '';
  return `robust accuracy ${percent(result.result.robustAccuracy)}${ci} (${result.threshold.status})`;
}

/** Lines describing the measurement (shared by the positive and the negated message). */
function measurementLines(result: RobustnessResult): string[] {
  const { report, threshold, result: measured } = result;
  const confidence = report.suite.confidence;
  const rule = confidence === undefined ? 'point value' : `the whole ${Math.round(confidence * 100)}% interval must clear it`;
  const lines = [
    `  floor            ≥ ${percent(threshold.expected.min ?? 0)}  (${rule})`,
    `  robust accuracy    ${percent(measured.robustAccuracy)}  ${interval(measured.ci95, 'bracketed-percent')}  ${measured.robustCount}/${report.samples} samples  → ${threshold.status}`,
    `  clean accuracy     ${percent(report.clean.accuracy)}  ${interval(report.clean.ci95, 'bracketed-percent')}`,
    `  attack success     ${percent(measured.attackSuccessRate)} of the clean-correct samples (largest ‖δ‖∞ ${measured.perturbation.linf.max.toPrecision(3)}, ‖δ‖₂ ${measured.perturbation.l2.max.toPrecision(3)})`,
  ];
  if (threshold.status === 'inconclusive') {
    lines.push(threshold.samplesToDecide
      ? `  inconclusive: about ${threshold.samplesToDecide} samples at this rate would decide it (option samples).`
      : '  inconclusive: more samples would not decide it at this rate.');
  }
  const failing = report.sanityChecks.filter((check) => check.status !== 'pass');
  for (const check of failing) lines.push(`  sanity check ${check.id}: ${check.status} — ${check.message}`);
  return lines;
}

/**
 * The matcher message. `isNot` is vitest's flag for `expect(…).not.toBeRobust(…)`: the message
 * then explains why the model did clear the floor.
 */
export function formatRobustnessMessage(result: RobustnessResult, isNot: boolean): string {
  const head = isNot
    ? `expected model not to be robust to ${result.description}, but it cleared the floor`
    : `expected model to be robust to ${result.description}`;
  return [head, '', ...measurementLines(result)].join('\n');
}
