import type { SampleOutcomes } from '../../report/report-types.js';
import type { NoiseComparison } from '../../report/sanity-probe-types.js';
import { checkResult, type AttackTraits, type SanityCheck } from './types.js';

const meta = { id: 'noise-vs-gradient', title: 'random noise does not beat gradient attacks', reference: 'docs/reliability.md C18' } as const;

/** Most sample indices kept per comparison. */
const listed = 20;

/**
 * Compares outcome strings over clean-correct samples: noise-broken samples that no gradient
 * attack broke. `gradient` holds one outcome string per gradient attack (union of breaks).
 */
export function compareNoise(clean: string, noise: string, gradient: string[], indices: number[]): Pick<NoiseComparison, 'compared' | 'noiseBroken' | 'gradientBroken' | 'noiseOnly' | 'noiseOnlySamples'> {
  const result = { compared: 0, noiseBroken: 0, gradientBroken: 0, noiseOnly: 0, noiseOnlySamples: [] as number[] };
  for (let i = 0; i < clean.length; i++) {
    if (clean[i] !== '1') continue;
    result.compared++;
    const noiseBroke = noise[i] === '0';
    const gradientBroke = gradient.some((flags) => flags[i] === '0');
    if (noiseBroke) result.noiseBroken++;
    if (gradientBroke) result.gradientBroken++;
    if (noiseBroke && !gradientBroke) {
      result.noiseOnly++;
      if (result.noiseOnlySamples.length < listed) result.noiseOnlySamples.push(indices[i] ?? i);
    }
  }
  return result;
}

/** The parts of a report the noise comparison reads. */
export interface OutcomeView {
  attacks: { id: string; norm?: string }[];
  outcomes: Pick<SampleOutcomes, 'clean' | 'indices' | 'attacks'>;
}

/** Untargeted gradient attacks of `norm` that ran at `budget` (outcome key), by id. */
export function gradientAttacksAt(report: OutcomeView, traits: Record<string, AttackTraits>, norm: string, budget: string): string[] {
  return report.attacks
    .filter((attack) => traits[attack.id]?.kind === 'gradient' && !traits[attack.id]?.targeted && attack.norm === norm)
    .filter((attack) => report.outcomes.attacks[attack.id]?.[budget] !== undefined)
    .map((attack) => attack.id);
}

/** Noise attacks of the suite compared with the gradient attacks of the same norm at the same ε. */
export function suiteNoiseComparisons(report: OutcomeView, traits: Record<string, AttackTraits>): NoiseComparison[] {
  const comparisons: NoiseComparison[] = [];
  for (const noise of report.attacks.filter((attack) => traits[attack.id]?.kind === 'noise' && attack.norm)) {
    for (const [budget, flags] of Object.entries(report.outcomes.attacks[noise.id] ?? {})) {
      const gradientAttacks = gradientAttacksAt(report, traits, noise.norm!, budget);
      if (gradientAttacks.length === 0) continue;
      const gradientFlags = gradientAttacks.map((id) => report.outcomes.attacks[id]![budget]!);
      comparisons.push({
        source: 'suite', noiseAttack: noise.id, gradientAttacks, norm: noise.norm!, epsilon: Number(budget),
        ...compareNoise(report.outcomes.clean, flags, gradientFlags, report.outcomes.indices),
      });
    }
  }
  return comparisons;
}

/**
 * C18: random noise of the same norm and ε should never break a sample that every gradient attack
 * left standing — if it does, gradients mislead the attack (masking). Noise-only samples: warn;
 * noise-only samples while the noise breaks at least as many samples as the gradient attacks:
 * fail. Compared on the suite's own noise where it matches a gradient attack's norm and ε, else
 * on a probe run of uniform noise.
 */
export const checkNoiseVsGradient: SanityCheck = ({ report, traits, probes }) => {
  const comparisons = [...suiteNoiseComparisons(report, traits), ...(probes?.noise ?? [])];
  if (comparisons.length === 0) {
    return checkResult(meta, 'pass', 'Not applicable: the suite has no untargeted gradient attack to compare random noise with.', { comparisons: 0 }, false);
  }
  const offending = comparisons.filter((entry) => entry.noiseOnly > 0).sort((a, b) => b.noiseOnly - a.noiseOnly);
  const describe = (entry: NoiseComparison) => `${entry.noiseAttack}${entry.source === 'probe' ? ' (probe)' : ''} at ${entry.norm} ε=${entry.epsilon} broke ${entry.noiseOnly} of ${entry.compared} clean-correct samples that ${entry.gradientAttacks.join(' / ')} did not (samples ${entry.noiseOnlySamples.slice(0, 5).join(', ')}${entry.noiseOnly > 5 ? ', …' : ''}); noise broke ${entry.noiseBroken}, gradient attacks ${entry.gradientBroken}`;
  const details = { comparisons: comparisons.length, noiseOnly: offending.reduce((sum, entry) => sum + entry.noiseOnly, 0) };
  if (offending.length === 0) {
    return checkResult(meta, 'pass', `Random noise broke no sample that the gradient attacks left standing (${comparisons.length} comparison(s) at matching norm and ε).`, details);
  }
  const fails = offending.some((entry) => entry.noiseBroken >= entry.gradientBroken);
  const advice = fails
    ? 'The gradient attacks are no stronger than random noise: gradient masking is suspected and robust accuracy is not evidence of robustness. Check C15 (input gradients), try loss "margin", more steps or restarts.'
    : 'Gradients mislead the attack on those samples (partial masking or too few steps): try more steps, restarts or loss "margin".';
  return checkResult(meta, fails ? 'fail' : 'warn', `${offending.map(describe).join('; ')}. ${advice}`, details);
};
