import type { AttackKind } from '../../../attacks/types.js';
import type { SanityCheckResult, SuiteReport } from '../../report/report-types.js';
import type { SanityProbes } from '../../report/sanity-probe-types.js';

/** What the checks need to know about each attack beyond the report. */
export interface AttackTraits {
  kind: AttackKind;
  /** One gradient step (FGSM/FGM). */
  singleStep: boolean;
  /** Aims at a target class (success is measured differently, so it is not compared). */
  targeted: boolean;
  /** Searches for a minimal perturbation (C&W, DeepFool) rather than the worst one inside ε. */
  minimization?: boolean;
}

/** Input of the sanity checks: the report so far, attack traits by id, and the probes (absent when they did not run). */
export interface SanityInput {
  report: Pick<SuiteReport, 'attacks' | 'outcomes' | 'samples'>;
  traits: Record<string, AttackTraits>;
  probes?: SanityProbes;
}

/** One sanity check: a pure function of its input; `undefined` when it has nothing to report (its probe did not run). */
export type SanityCheck = (input: SanityInput) => SanityCheckResult | undefined;

/** Builds a result with the check's fixed id, title and reference. */
export function checkResult(
  meta: { id: string; title: string; reference: string },
  status: SanityCheckResult['status'], message: string, details?: SanityCheckResult['details'], applicable = true,
): SanityCheckResult {
  // A check with nothing to look at did not pass: it is `skipped` (shown as "n/a"), never `pass`.
  return { id: meta.id, title: meta.title, reference: meta.reference, status: applicable ? status : 'skipped', message, ...(applicable ? {} : { applicable: false }), ...(details ? { details } : {}) };
}
