import { InputError } from '../errors.js';
import type { ResolvedSuite } from '../suite/types.js';

/** `--attack` and `--grep` of `robustcheck run`: run part of the suites without editing them. */
export interface SuiteFilter {
  /** Attack ids to keep (`--attack fgsm,pgd`); others are not run. */
  attacks?: string[];
  /** Regular expression over `suite-id`, the suite path and `suite-id/attack-id` (`--grep`). */
  grep?: string;
}

/** Splits `--attack a,b` into ids. */
export function parseAttackList(text: string): string[] {
  return text.split(',').map((id) => id.trim()).filter((id) => id.length > 0);
}

/** A suite reduced to some attacks; thresholds about the removed attacks go with them. */
function keepAttacks(suite: ResolvedSuite, keep: (attackId: string) => boolean): ResolvedSuite {
  const attacks = suite.attacks.filter((attack) => keep(attack.id));
  if (attacks.length === suite.attacks.length) return suite;
  return { ...suite, attacks, thresholds: suite.thresholds.filter((threshold) => threshold.attack === undefined || attacks.some((attack) => attack.id === threshold.attack)) };
}

/**
 * Applies `--grep` then `--attack`. A suite whose id or path matches `--grep` keeps every attack;
 * otherwise it keeps the attacks whose `suite-id/attack-id` matches, and is dropped when none
 * does. Thresholds naming an attack that no longer runs are dropped with it (they could only be
 * "not measured"); suite-wide ones (clean accuracy, score, worst case) stay and are judged on what
 * ran. Nothing left to run is an input error (exit 2) that lists what exists.
 *
 * @throws InputError `BAD_FILTER` for an invalid pattern, `NO_MATCH` when nothing is left
 */
export function filterSuites(suites: ResolvedSuite[], filter: SuiteFilter): ResolvedSuite[] {
  if (!filter.grep && !filter.attacks) return suites;
  let pattern: RegExp | undefined;
  if (filter.grep !== undefined) {
    try {
      pattern = new RegExp(filter.grep);
    } catch (error) {
      throw new InputError('BAD_FILTER', `--grep ${JSON.stringify(filter.grep)} is not a valid regular expression (${(error as Error).message}).`);
    }
  }
  const everyAttack = suites.flatMap((suite) => suite.attacks.map((attack) => `${suite.id}/${attack.id}`));
  const result: ResolvedSuite[] = [];
  for (const suite of suites) {
    let kept = suite;
    if (pattern && !pattern.test(suite.id) && !pattern.test(suite.displayPath)) kept = keepAttacks(suite, (id) => pattern!.test(`${suite.id}/${id}`));
    if (filter.attacks) kept = keepAttacks(kept, (id) => filter.attacks!.includes(id));
    if (kept.attacks.length > 0 || (suite.attacks.length === 0 && pattern?.test(suite.id))) result.push(kept);
  }
  if (result.length === 0) {
    const asked = [filter.grep !== undefined ? `--grep ${JSON.stringify(filter.grep)}` : '', filter.attacks ? `--attack ${filter.attacks.join(',')}` : ''].filter(Boolean).join(' ');
    throw new InputError('NO_MATCH', `${asked} matches no attack of the selected suites. Available (suite/attack): ${everyAttack.join(', ') || 'none'}.`);
  }
  return result;
}
