import { checkResult, type SanityCheck } from './types.js';

const meta = { id: 'deterministic-outputs', title: 'two forward passes agree', reference: 'docs/reliability.md C14' } as const;

/** Largest raw-output difference between two passes still counted as equal. */
export const determinismTolerance = 1e-4;

/**
 * C14: two forward passes on the same batch must agree. A randomized model (dropout or noise at
 * inference) makes single-sample attacks and accuracies meaningless without expectation over
 * transformation, which robustcheck does not do: fail.
 */
export const checkDeterministicOutputs: SanityCheck = ({ probes }) => {
  if (!probes) return undefined;
  const { maxDifference, differingSamples } = probes.determinism;
  const details = { samples: probes.samples, maxDifference, differingSamples, tolerance: determinismTolerance };
  if (maxDifference > determinismTolerance) {
    return checkResult(meta, 'fail', `Two forward passes on the same ${probes.samples} samples differ (up to ${maxDifference.toPrecision(3)} on ${differingSamples} samples): the model is randomized, so per-sample attacks and accuracies are not reproducible. Export it in inference mode (no dropout or noise layers active), or evaluate a deterministic version.`, details);
  }
  const largest = maxDifference === 0 ? 'identical outputs' : `largest difference ${maxDifference.toPrecision(3)}`;
  return checkResult(meta, 'pass', `Two forward passes on ${probes.samples} samples agree (${largest}).`, details);
};
