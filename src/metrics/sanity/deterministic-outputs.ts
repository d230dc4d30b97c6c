import { checkResult, type SanityCheck } from './types.js';

const meta = { id: 'deterministic-outputs', title: 'two forward passes agree', reference: 'docs/reliability.md C14' } as const;

/** Largest raw-output difference between two passes still counted as equal. */
export const determinismTolerance = 1e-4;

/** Attack ids of the report that average gradients over draws (EOT): `eotIterations` > 1 or AutoAttack `rand`. */
function eotAttacks(attacks: { id: string; type: string; params: Record<string, unknown> }[]): string[] {
  return attacks.filter((attack) => (typeof attack.params.eotIterations === 'number' && attack.params.eotIterations > 1)
    || (attack.type === 'autoattack' && attack.params.version === 'rand')).map((attack) => attack.id);
}

/**
 * C14: two forward passes on the same batch must agree. A randomized model (dropout or noise at
 * inference) makes single-draw gradients noisy and accuracies irreproducible: fail, unless the
 * suite attacks it with Expectation over Transformation (`eotIterations`, AutoAttack `rand`),
 * which estimates the gradient of the expected loss — then warn, as per-sample outcomes still vary.
 */
export const checkDeterministicOutputs: SanityCheck = ({ probes, report }) => {
  if (!probes) return undefined;
  const { maxDifference, differingSamples } = probes.determinism;
  const details = { samples: probes.samples, maxDifference, differingSamples, tolerance: determinismTolerance };
  if (!(maxDifference <= determinismTolerance)) {
    const differ = `Two forward passes on the same ${probes.samples} samples differ (up to ${maxDifference.toPrecision(3)} on ${differingSamples} samples): the model is randomized`;
    const eot = eotAttacks(report.attacks);
    if (eot.length > 0) {
      return checkResult(meta, 'warn', `${differ}. ${eot.join(', ')} average gradients over random draws (Expectation over Transformation), which is the evaluation for such a model; per-sample outcomes still vary from run to run.`, details);
    }
    return checkResult(meta, 'fail', `${differ}, so single-draw gradient attacks are weakened and accuracies are not reproducible. Attack it with Expectation over Transformation: an "autoattack" attack with "version": "rand", or "eotIterations" (e.g. 20) on apgd / apgd-t; "checks": { "autoRand": true } adds AutoAttack rand automatically. Or export it in inference mode (no dropout or noise layers active).`, details);
  }
  const largest = maxDifference === 0 ? 'identical outputs' : `largest difference ${maxDifference.toPrecision(3)}`;
  return checkResult(meta, 'pass', `Two forward passes on ${probes.samples} samples agree (${largest}).`, details);
};
