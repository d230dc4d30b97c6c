/**
 * The sentences that explain robustcheck's numbers where they are printed (plain log, terminal
 * view, Markdown, HTML, init), kept in one place so every output says the same thing.
 */
import type { CaseResult } from '../report/report-types.js';

/** What "robust" and "success" on a result line are shares of. */
export const robustLegend = 'robust = correct on the clean and the attacked input, share of all samples; success = broken by the attack, share of the clean-correct samples';

/** What the score is (DESIGN.md §2): a 0–100 summary of every attack × budget cell. */
export const scoreLegend = 'score (0–100) = 100 × mean over every attack × budget of robust ÷ clean accuracy';

/**
 * Tail of a result line after the accuracies: the perturbation actually used and the speed, or —
 * when no sample was left to attack because every one was already broken at a smaller budget — a
 * plain statement of that (the carried perturbation and a speed of 0 would mislead).
 */
export function caseDetailText(result: Pick<CaseResult, 'attacked' | 'perturbation' | 'samplesPerSecond'>): string {
  if (result.attacked === 0) return 'nothing left to attack: every sample was already broken at a smaller budget (or misclassified clean)';
  return `‖δ‖∞ max ${result.perturbation.linf.max.toFixed(4)}  ‖δ‖₂ mean ${result.perturbation.l2.mean.toFixed(3)}  ${result.samplesPerSecond.toFixed(0)} samples/s`;
}
