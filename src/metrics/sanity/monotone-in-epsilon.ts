import { checkResult, type SanityCheck } from './types.js';

const meta = { id: 'monotone-in-epsilon', title: 'robust accuracy does not rise with ε', reference: 'RELIABILITY.md C16' } as const;

/**
 * C16: a larger budget contains every perturbation of a smaller one, so robust accuracy must
 * not rise with ε (or severity). The runner carries samples broken at a smaller budget forward,
 * so a rise means a flawed attack or runner, or an edited or mis-merged report: fail.
 */
export const checkMonotoneInEpsilon: SanityCheck = ({ report }) => {
  const curves = report.attacks.filter((attack) => attack.results.length >= 2);
  if (curves.length === 0) {
    return checkResult(meta, 'pass', 'Not applicable: no attack has two or more budgets.', { attacks: 0 }, false);
  }
  const rises: string[] = [];
  for (const attack of curves) {
    attack.results.forEach((result, i) => {
      const previous = attack.results[i - 1];
      if (previous && result.robustAccuracy > previous.robustAccuracy + 1e-12) {
        const budget = (entry: typeof result) => (entry.severity !== undefined ? `severity ${entry.severity}` : `ε=${entry.epsilon}`);
        rises.push(`${attack.id}: ${(previous.robustAccuracy * 100).toFixed(1)}% at ${budget(previous)} → ${(result.robustAccuracy * 100).toFixed(1)}% at ${budget(result)}`);
      }
    });
  }
  if (rises.length > 0) {
    return checkResult(meta, 'fail', `Robust accuracy rises with the budget (${rises.join('; ')}): a larger budget allows every smaller perturbation, so the attack or the report is flawed. Re-run the suite; if it persists, report it.`, { attacks: curves.length, rises: rises.length });
  }
  return checkResult(meta, 'pass', `Robust accuracy is non-increasing in the budget for all ${curves.length} attacks with several budgets.`, { attacks: curves.length });
};
