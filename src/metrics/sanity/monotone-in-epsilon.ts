import { checkResult, type SanityCheck } from './types.js';
import { percent } from '../../format/percent.js';

const meta = { id: 'monotone-in-epsilon', title: 'robust accuracy does not rise with ε', reference: 'docs/reliability.md C16' } as const;

/**
 * C16: a larger ε-ball contains every perturbation of a smaller one, so robust accuracy must not
 * rise with ε. The runner carries samples broken at a smaller ε forward, so a rise means a flawed
 * attack or runner, or an edited or mis-merged report: fail. Corruption severities are not nested
 * (each severity is evaluated on its own), so they are not checked.
 */
export const checkMonotoneInEpsilon: SanityCheck = ({ report }) => {
  const curves = report.attacks.filter((attack) => attack.budgetKind === 'epsilon' && attack.results.length >= 2);
  if (curves.length === 0) {
    return checkResult(meta, 'pass', 'Not applicable: no ε attack has two or more budgets.', { attacks: 0 }, false);
  }
  const rises: string[] = [];
  for (const attack of curves) {
    attack.results.forEach((result, i) => {
      const previous = attack.results[i - 1];
      if (previous && result.robustAccuracy > previous.robustAccuracy + 1e-12) {
        rises.push(`${attack.id}: ${percent(previous.robustAccuracy)} at ε=${previous.epsilon} → ${percent(result.robustAccuracy)} at ε=${result.epsilon}`);
      }
    });
  }
  if (rises.length > 0) {
    return checkResult(meta, 'fail', `Robust accuracy rises with ε (${rises.join('; ')}): a larger ε allows every smaller perturbation, so the attack or the report is flawed. Re-run the suite; if it persists, report it.`, { attacks: curves.length, rises: rises.length });
  }
  return checkResult(meta, 'pass', `Robust accuracy is non-increasing in ε for all ${curves.length} attacks with several ε.`, { attacks: curves.length });
};
