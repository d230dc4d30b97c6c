import { wilsonInterval } from '../wilson.js';
import { checkResult, type SanityCheck } from './types.js';
import { percent } from '../../format/percent.js';

const meta = { id: 'large-epsilon', title: 'accuracy reaches chance at a huge ε', reference: 'docs/reliability.md C19' } as const;

/**
 * C19: at an L∞ ε of half the input range every input can be moved to the same mid-range image,
 * so a working gradient attack drives accuracy to chance (1 / classes) or below. Accuracy
 * significantly above chance (Wilson 95 % lower bound above it): fail, gradient masking is
 * suspected; above chance within noise: warn.
 */
export const checkLargeEpsilon: SanityCheck = ({ probes }) => {
  const probe = probes?.largeEpsilon;
  if (!probe) return undefined;
  const chance = 1 / probe.numClasses;
  const accuracy = probe.samples ? probe.correct / probe.samples : 0;
  const [low] = wilsonInterval(probe.correct, probe.samples);
  const details = { epsilon: probe.epsilon, samples: probe.samples, correct: probe.correct, accuracy, chance };
  const measured = `${probe.attack} at L∞ ε=${probe.epsilon} (half the input range) leaves ${probe.correct} of ${probe.samples} probed samples correct (${percent(accuracy)}; chance ${percent(chance)})`;
  if (accuracy <= chance) return checkResult(meta, 'pass', `${measured}.`, details);
  if (low > chance) {
    return checkResult(meta, 'fail', `${measured}: a working attack reaches chance at this ε, so gradients are masked or the attack is broken, and robust accuracies at small ε are not evidence of robustness. Check C15 (input gradients) and remove non-differentiable steps for evaluation.`, details);
  }
  return checkResult(meta, 'warn', `${measured}: above chance, within sampling noise. Check C15 (input gradients) and the model's output for masking.`, details);
};
