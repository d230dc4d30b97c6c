/**
 * The evaluation self-checks of every suite (docs/reliability.md C13–C19), in order. Each is a pure
 * function of the report so far, the attacks' traits and the runner's probes; a check whose
 * probe did not run (interrupted suite) is left out rather than passed.
 */
import type { SanityCheckResult } from '../../report/report-types.js';
import { checkDeterministicOutputs } from './deterministic-outputs.js';
import { checkInputGradients } from './input-gradients.js';
import { checkIterativeVsSingleStep } from './iterative-vs-single-step.js';
import { checkLargeEpsilon } from './large-epsilon.js';
import { checkMonotoneInEpsilon } from './monotone-in-epsilon.js';
import { checkNoiseVsGradient } from './noise-vs-gradient.js';
import { checkProbabilityOutputs } from './probability-outputs.js';
import type { SanityCheck, SanityInput } from './types.js';

/** Every sanity check, C13 to C19. */
export const sanityChecks: readonly SanityCheck[] = [
  checkProbabilityOutputs, checkDeterministicOutputs, checkInputGradients, checkMonotoneInEpsilon,
  checkIterativeVsSingleStep, checkNoiseVsGradient, checkLargeEpsilon,
];

/** Runs every sanity check; results in check order, without those that had nothing to look at. */
export function runSanityChecks(input: SanityInput): SanityCheckResult[] {
  return sanityChecks.map((check) => check(input)).filter((result): result is SanityCheckResult => result !== undefined);
}

export type { AttackTraits, SanityInput } from './types.js';
export type { NoiseComparison, SanityProbes } from '../../report/sanity-probe-types.js';
