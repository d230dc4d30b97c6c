import { checkResult, type SanityCheck } from './types.js';

const meta = { id: 'probability-outputs', title: 'model outputs probabilities', reference: 'docs/reliability.md C13' } as const;

/**
 * C13: raw outputs whose rows all lie in [0, 1] and sum to 1 are probabilities. robustcheck then
 * attacks their logarithm, which still works but loses precision where the softmax saturates:
 * warn. Probabilities read as logits (`model.output: "logits"`) make attacks weak: fail.
 */
export const checkProbabilityOutputs: SanityCheck = ({ probes }) => {
  if (!probes) return undefined;
  const { rows, columns, probabilityRows, outputKind } = probes.outputs;
  const details = { rows, columns, probabilityRows, outputKind };
  const allProbabilities = rows > 0 && probabilityRows === rows;
  if (columns === 1 && outputKind === 'sigmoid') {
    return checkResult(meta, 'warn', `The model ends in a single sigmoid: attacks use logit(p) clipped to [1e-7, 1 − 1e-7], so confident samples get no gradient. Export the pre-sigmoid logit for a stronger evaluation.`, details);
  }
  if (!allProbabilities || columns === 1) return checkResult(meta, 'pass', `Raw outputs are not probabilities (${probabilityRows} of ${rows} rows look like them).`, details);
  if (outputKind === 'logits') {
    return checkResult(meta, 'fail', `All ${rows} probed output rows are probabilities (in [0, 1], summing to 1), but model.output says "logits": attacks on probabilities get vanishing gradients. Set model.output to "auto" or "probabilities", or export the model without its final softmax.`, details);
  }
  return checkResult(meta, 'warn', `The model outputs probabilities (all ${rows} probed rows sum to 1): robustcheck attacks their logarithm, which loses precision where the softmax saturates. Export the model without its final softmax (logits) for a stronger evaluation.`, details);
};
