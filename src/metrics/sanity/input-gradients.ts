import { checkResult, type SanityCheck } from './types.js';

const meta = { id: 'input-gradients', title: 'zero or NaN input gradients', reference: 'docs/reliability.md C15' } as const;

/** Share of locally flat samples (zero margin gradient) at which masking is a failure, not a warning. */
export const flatShareToFail = 0.1;

/**
 * C15: gradient attacks need informative input gradients. NaN/∞ gradients, or a model that is
 * locally flat (zero gradient of the logit margin) on a tenth of the samples or more, point to
 * gradient masking (rounding, argmax, quantisation): fail. Fewer flat samples, or a cross-entropy
 * gradient that vanishes because the softmax saturates, weaken attacks: warn.
 */
export const checkInputGradients: SanityCheck = ({ probes, traits }) => {
  if (!probes) return undefined;
  const { ceZero, ceNonFinite, marginZero, marginNonFinite } = probes.gradients;
  const n = probes.samples;
  const details = { samples: n, ceZero, ceNonFinite, marginZero, marginNonFinite };
  const nonFinite = Math.max(ceNonFinite, marginNonFinite);
  const gradientFree = Object.entries(traits).filter(([, trait]) => trait.kind === 'score-based' || trait.kind === 'ensemble').map(([id]) => id);
  const remedy = gradientFree.length > 0
    ? ` Gradient-free attacks in this suite: ${gradientFree.join(', ')} — trust their numbers, not the gradient attacks'.`
    : ' Run the gradient-free "square" attack (or "autoattack", which includes it) at the same ε; "checks": { "autoSquare": true } adds Square automatically.';
  if (nonFinite > 0) {
    return checkResult(meta, 'fail', `Input gradients are NaN or infinite on ${nonFinite} of ${n} probed samples: gradient attacks cannot follow them, so robust accuracy is overstated. Look for log(0), division by zero or overflow in the model.${remedy}`, details);
  }
  if (marginZero > 0) {
    const status = marginZero / n >= flatShareToFail ? 'fail' : 'warn';
    return checkResult(meta, status, `The input gradient of the logit margin is exactly zero on ${marginZero} of ${n} probed samples: the model is locally flat there (rounding, argmax, quantisation or dead units), so gradient attacks cannot move those inputs — gradient masking is suspected and robust accuracy is not evidence of robustness. Remove non-differentiable input steps for evaluation.${remedy}`, details);
  }
  if (ceZero > 0) {
    return checkResult(meta, 'warn', `The cross-entropy gradient vanishes on ${ceZero} of ${n} probed samples (saturated softmax), so attacks with loss "ce" get no direction there. Use loss "margin" for gradient attacks.`, details);
  }
  return checkResult(meta, 'pass', `Input gradients are finite and non-zero on all ${n} probed samples.`, details);
};
