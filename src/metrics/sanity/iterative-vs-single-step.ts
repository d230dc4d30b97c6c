import { mcnemarExact } from '../mcnemar.js';
import { checkResult, type SanityCheck } from './types.js';

const meta = { id: 'iterative-vs-single-step', title: 'iterative attack at least as strong as FGSM', reference: 'docs/reliability.md C17' } as const;

/** Significance level at which a weaker iterative attack is a failure rather than a warning. */
export const weakerIterativeAlpha = 0.05;

interface Pair {
  single: string;
  iterative: string;
  norm: string;
  budget: string;
  singleBroken: number;
  iterativeBroken: number;
  singleOnly: number;
  iterativeOnly: number;
  pValue: number;
}

/**
 * C17: an iterative gradient attack (PGD) starts from the same information as single-step FGSM
 * and takes many steps, so at the same norm and ε it must break at least as many samples. Fewer,
 * significantly (exact McNemar on the samples only one of them broke, p < 0.05): fail, the attack
 * has not converged; fewer within noise: warn.
 */
export const checkIterativeVsSingleStep: SanityCheck = ({ report, traits }) => {
  const { outcomes } = report;
  const untargetedGradient = report.attacks.filter((attack) => traits[attack.id]?.kind === 'gradient' && !traits[attack.id]?.targeted && attack.norm);
  const singles = untargetedGradient.filter((attack) => traits[attack.id]!.singleStep);
  // Minimal-perturbation attacks (C&W, DeepFool) need not beat FGSM inside a fixed ε.
  const iteratives = untargetedGradient.filter((attack) => !traits[attack.id]!.singleStep && !traits[attack.id]!.minimization);
  const pairs: Pair[] = [];
  for (const single of singles) {
    for (const iterative of iteratives.filter((attack) => attack.norm === single.norm)) {
      for (const [budget, singleFlags] of Object.entries(outcomes.attacks[single.id] ?? {})) {
        const iterativeFlags = outcomes.attacks[iterative.id]?.[budget];
        if (iterativeFlags === undefined) continue;
        const pair: Pair = { single: single.id, iterative: iterative.id, norm: single.norm!, budget, singleBroken: 0, iterativeBroken: 0, singleOnly: 0, iterativeOnly: 0, pValue: 1 };
        for (let i = 0; i < outcomes.clean.length; i++) {
          if (outcomes.clean[i] !== '1') continue;
          const singleBroke = singleFlags[i] === '0';
          const iterativeBroke = iterativeFlags[i] === '0';
          pair.singleBroken += singleBroke ? 1 : 0;
          pair.iterativeBroken += iterativeBroke ? 1 : 0;
          pair.singleOnly += singleBroke && !iterativeBroke ? 1 : 0;
          pair.iterativeOnly += iterativeBroke && !singleBroke ? 1 : 0;
        }
        pair.pValue = mcnemarExact(pair.singleOnly, pair.iterativeOnly);
        pairs.push(pair);
      }
    }
  }
  if (pairs.length === 0) {
    return checkResult(meta, 'pass', 'Not applicable: no single-step (FGSM) and iterative gradient attack share a norm and ε.', { pairs: 0 }, false);
  }
  const weaker = pairs.filter((pair) => pair.iterativeBroken < pair.singleBroken).sort((a, b) => a.pValue - b.pValue);
  const describe = (pair: Pair) => `${pair.iterative} breaks ${pair.iterativeBroken} samples, ${pair.single} ${pair.singleBroken} at ${pair.norm} ε=${pair.budget} (McNemar p = ${pair.pValue.toPrecision(2)})`;
  if (weaker.length > 0) {
    const worst = weaker[0]!;
    const status = worst.pValue < weakerIterativeAlpha ? 'fail' : 'warn';
    return checkResult(meta, status, `The iterative attack is weaker than single-step FGSM: ${weaker.map(describe).join('; ')}. It has not converged: raise steps, use a step size near 2.5·ε/steps, add restarts or try loss "margin".`,
      { pairs: pairs.length, weakerPairs: weaker.length, pValue: worst.pValue });
  }
  return checkResult(meta, 'pass', `Iterative attacks break at least as many samples as FGSM at every shared norm and ε (${pairs.length} pairs).`, { pairs: pairs.length });
};
