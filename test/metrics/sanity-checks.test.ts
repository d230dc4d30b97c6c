import { describe, expect, it } from 'vitest';
import { runSanityChecks, type SanityProbes } from '../../src/metrics/sanity/index.js';
import { checkDeterministicOutputs } from '../../src/metrics/sanity/deterministic-outputs.js';
import { checkInputGradients } from '../../src/metrics/sanity/input-gradients.js';
import { checkIterativeVsSingleStep } from '../../src/metrics/sanity/iterative-vs-single-step.js';
import { checkLargeEpsilon } from '../../src/metrics/sanity/large-epsilon.js';
import { checkMonotoneInEpsilon } from '../../src/metrics/sanity/monotone-in-epsilon.js';
import { checkNoiseVsGradient, compareNoise } from '../../src/metrics/sanity/noise-vs-gradient.js';
import { checkProbabilityOutputs } from '../../src/metrics/sanity/probability-outputs.js';
import type { AttackTraits, SanityInput } from '../../src/metrics/sanity/types.js';

const gradient: AttackTraits = { kind: 'gradient', singleStep: false, targeted: false };
const single: AttackTraits = { kind: 'gradient', singleStep: true, targeted: false };
const noise: AttackTraits = { kind: 'noise', singleStep: false, targeted: false };

function probes(overrides: Partial<SanityProbes> = {}): SanityProbes {
  return {
    samples: 100,
    outputs: { rows: 100, columns: 10, probabilityRows: 0, outputKind: 'logits' },
    determinism: { maxDifference: 0, differingSamples: 0 },
    gradients: { ceZero: 0, ceNonFinite: 0, marginZero: 0, marginNonFinite: 0 },
    largeEpsilon: { epsilon: 0.5, attack: 'pgd', samples: 100, correct: 0, numClasses: 10 },
    noise: [],
    ...overrides,
  };
}

/** Attacks with outcome strings per budget; results carry the robust accuracies. */
function input(attacks: { id: string; norm?: string; traits: AttackTraits; outcomes: Record<string, string>; severities?: boolean }[], clean: string, extra: Partial<SanityInput> = {}): SanityInput {
  return {
    report: {
      samples: clean.length,
      attacks: attacks.map((attack) => ({
        id: attack.id, type: attack.id, ...(attack.norm ? { norm: attack.norm } : {}), budgetKind: attack.severities ? 'severity' : 'epsilon', params: {},
        results: Object.entries(attack.outcomes).map(([budget, flags]) => ({
          [attack.severities ? 'severity' : 'epsilon']: Number(budget), robustAccuracy: [...flags].filter((flag) => flag === '1').length / flags.length,
        }) as never),
      })) as never,
      outcomes: { indices: [...clean].map((_, i) => 100 + i), labels: [], clean, attacks: Object.fromEntries(attacks.map((attack) => [attack.id, attack.outcomes])) },
    },
    traits: Object.fromEntries(attacks.map((attack) => [attack.id, attack.traits])),
    ...extra,
  };
}

const empty = input([], '');

describe('C13 probability outputs', () => {
  it('pass on logits, warn on detected probabilities, fail on probabilities read as logits', () => {
    expect(checkProbabilityOutputs({ ...empty, probes: probes() })).toMatchObject({ id: 'probability-outputs', status: 'pass', reference: 'docs/reliability.md C13' });
    expect(checkProbabilityOutputs({ ...empty, probes: probes({ outputs: { rows: 100, columns: 10, probabilityRows: 100, outputKind: 'probabilities' } }) })!.status).toBe('warn');
    const misread = checkProbabilityOutputs({ ...empty, probes: probes({ outputs: { rows: 100, columns: 10, probabilityRows: 100, outputKind: 'logits' } }) })!;
    expect(misread.status).toBe('fail');
    expect(misread.message).toMatch(/model.output/);
  });
  it('some rows that happen to sum to 1 are not probabilities; a sigmoid output warns', () => {
    expect(checkProbabilityOutputs({ ...empty, probes: probes({ outputs: { rows: 100, columns: 10, probabilityRows: 99, outputKind: 'logits' } }) })!.status).toBe('pass');
    expect(checkProbabilityOutputs({ ...empty, probes: probes({ outputs: { rows: 4, columns: 1, probabilityRows: 4, outputKind: 'sigmoid' } }) })!.status).toBe('warn');
  });
  it('no probe (interrupted run): no result', () => {
    expect(checkProbabilityOutputs(empty)).toBeUndefined();
  });
});

describe('C14 deterministic outputs', () => {
  it('fail above 1e-4, pass at it', () => {
    expect(checkDeterministicOutputs({ ...empty, probes: probes({ determinism: { maxDifference: 2e-4, differingSamples: 3 } }) })).toMatchObject({ status: 'fail', details: { differingSamples: 3 } });
    expect(checkDeterministicOutputs({ ...empty, probes: probes({ determinism: { maxDifference: 1e-4, differingSamples: 0 } }) })!.status).toBe('pass');
  });
});

describe('C15 input gradients', () => {
  const gradients = (values: Partial<SanityProbes['gradients']>) => checkInputGradients({ ...empty, probes: probes({ gradients: { ceZero: 0, ceNonFinite: 0, marginZero: 0, marginNonFinite: 0, ...values } }) })!;
  it('NaN gradients fail; a flat model on ≥ 10 % of samples fails; fewer flat samples warn', () => {
    expect(gradients({ marginNonFinite: 1 }).status).toBe('fail');
    expect(gradients({ ceNonFinite: 1 }).status).toBe('fail');
    expect(gradients({ marginZero: 10, ceZero: 10 }).status).toBe('fail');
    expect(gradients({ marginZero: 9, ceZero: 9 }).status).toBe('warn');
  });
  it('a saturated softmax (CE zero, margin alive) warns and suggests the margin loss', () => {
    const result = gradients({ ceZero: 50 });
    expect(result.status).toBe('warn');
    expect(result.message).toMatch(/loss "margin"/);
    expect(gradients({}).status).toBe('pass');
  });
});

describe('C16 monotone in ε', () => {
  it('a rise fails, naming the attack and budgets; a flat or falling curve passes; one budget is not applicable', () => {
    const rising = input([{ id: 'pgd', norm: 'linf', traits: gradient, outcomes: { 0.01: '1100', 0.03: '1110' } }], '1111');
    const result = checkMonotoneInEpsilon(rising)!;
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/pgd: 50.0% at ε=0.01 → 75.0% at ε=0.03/);
    expect(checkMonotoneInEpsilon(input([{ id: 'pgd', norm: 'linf', traits: gradient, outcomes: { 0.01: '1100', 0.03: '1100' } }], '1111'))!.status).toBe('pass');
    expect(checkMonotoneInEpsilon(input([{ id: 'pgd', norm: 'linf', traits: gradient, outcomes: { 0.01: '1100' } }], '1111'))).toMatchObject({ status: 'skipped', applicable: false });
  });
  it('corruption severities are evaluated independently (not nested), so they are not checked', () => {
    const corruption: AttackTraits = { kind: 'corruption', singleStep: false, targeted: false };
    expect(checkMonotoneInEpsilon(input([{ id: 'blur', traits: corruption, severities: true, outcomes: { 1: '1100', 2: '1110' } }], '1111'))).toMatchObject({ status: 'skipped', applicable: false });
  });
});

describe('C17 iterative vs single step', () => {
  const clean = '1'.repeat(10);
  it('PGD breaking significantly fewer samples than FGSM fails (FGSM-only 6, PGD-only 0 → p = 0.03125)', () => {
    const result = checkIterativeVsSingleStep(input([
      { id: 'fgsm', norm: 'linf', traits: single, outcomes: { 0.03: '0000001111' } },
      { id: 'pgd', norm: 'linf', traits: gradient, outcomes: { 0.03: '1111111111' } },
    ], clean))!;
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/pgd breaks 0 samples, fgsm 6 at linf ε=0.03 \(McNemar p = 0.031\)/);
  });
  it('fewer within noise warns; at least as many passes; other norms or budgets are not compared', () => {
    expect(checkIterativeVsSingleStep(input([
      { id: 'fgsm', norm: 'linf', traits: single, outcomes: { 0.03: '0011111111' } },
      { id: 'pgd', norm: 'linf', traits: gradient, outcomes: { 0.03: '1101111111' } },
    ], clean))!.status).toBe('warn');
    expect(checkIterativeVsSingleStep(input([
      { id: 'fgsm', norm: 'linf', traits: single, outcomes: { 0.03: '0011111111' } },
      { id: 'pgd', norm: 'linf', traits: gradient, outcomes: { 0.03: '1000111111' } },
    ], clean))!.status).toBe('pass');
    expect(checkIterativeVsSingleStep(input([
      { id: 'fgsm', norm: 'linf', traits: single, outcomes: { 0.03: '0000000000' } },
      { id: 'pgd', norm: 'l2', traits: gradient, outcomes: { 0.03: '1111111111' } },
      { id: 'pgd2', norm: 'linf', traits: gradient, outcomes: { 0.1: '1111111111' } },
    ], clean))).toMatchObject({ status: 'skipped', applicable: false });
  });
  it('minimal-perturbation attacks (C&W, DeepFool) are not held to FGSM at a fixed ε', () => {
    expect(checkIterativeVsSingleStep(input([
      { id: 'fgsm', norm: 'l2', traits: single, outcomes: { 0.5: '0000000000' } },
      { id: 'cw', norm: 'l2', traits: { ...gradient, minimization: true }, outcomes: { 0.5: '1111111111' } },
    ], clean))).toMatchObject({ status: 'skipped', applicable: false });
  });
  it('clean-misclassified samples do not count; targeted attacks are not compared', () => {
    expect(checkIterativeVsSingleStep(input([
      { id: 'fgsm', norm: 'linf', traits: single, outcomes: { 0.03: '0000000000' } },
      { id: 'pgd', norm: 'linf', traits: gradient, outcomes: { 0.03: '0000000000' } },
    ], '0000000000'))!.status).toBe('pass');
    expect(checkIterativeVsSingleStep(input([
      { id: 'fgsm', norm: 'linf', traits: single, outcomes: { 0.03: '0000000000' } },
      { id: 'pgd', norm: 'linf', traits: { ...gradient, targeted: true }, outcomes: { 0.03: '1111111111' } },
    ], clean))!.applicable).toBe(false);
  });
});

describe('C18 noise vs gradient', () => {
  it('compareNoise counts over clean-correct samples against the union of gradient attacks', () => {
    // clean 11110 ; noise 01110 ; pgd 11010 ; fgsm 10110 → noise breaks sample 0 (gradient attacks did not)
    expect(compareNoise('11110', '01110', ['11010', '10110'], [7, 8, 9, 10, 11])).toEqual({ compared: 4, noiseBroken: 1, gradientBroken: 2, noiseOnly: 1, noiseOnlySamples: [7] });
  });
  it('noise-only samples warn; noise at least as strong as the gradient attacks fails; none passes', () => {
    const clean = '1111';
    const warn = checkNoiseVsGradient(input([
      { id: 'pgd', norm: 'l2', traits: gradient, outcomes: { 0.5: '0011' } },
      { id: 'noise', norm: 'l2', traits: noise, outcomes: { 0.5: '1110' } },
    ], clean))!;
    expect(warn.status).toBe('warn');
    expect(warn.message).toMatch(/noise at l2 ε=0.5 broke 1 of 4 clean-correct samples that pgd did not \(samples 103\)/);
    expect(checkNoiseVsGradient(input([
      { id: 'pgd', norm: 'l2', traits: gradient, outcomes: { 0.5: '1110' } },
      { id: 'noise', norm: 'l2', traits: noise, outcomes: { 0.5: '0111' } },
    ], clean))!.status).toBe('fail');
    expect(checkNoiseVsGradient(input([
      { id: 'pgd', norm: 'l2', traits: gradient, outcomes: { 0.5: '0000' } },
      { id: 'noise', norm: 'l2', traits: noise, outcomes: { 0.5: '0000' } },
    ], clean))!.status).toBe('pass');
  });
  it('uses probe comparisons too; without any gradient attack it is not applicable', () => {
    const probe = { source: 'probe' as const, noiseAttack: 'uniform-noise ×4', gradientAttacks: ['pgd'], norm: 'linf', epsilon: 0.1, compared: 50, noiseBroken: 3, gradientBroken: 1, noiseOnly: 2, noiseOnlySamples: [4, 9] };
    const result = checkNoiseVsGradient({ ...empty, probes: probes({ noise: [probe] }) })!;
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/uniform-noise ×4 \(probe\) at linf ε=0.1/);
    expect(checkNoiseVsGradient(empty)).toMatchObject({ status: 'skipped', applicable: false });
  });
});

describe('C19 large ε', () => {
  const large = (correct: number, samples = 100, numClasses = 10) => checkLargeEpsilon({ ...empty, probes: probes({ largeEpsilon: { epsilon: 0.5, attack: 'pgd', samples, correct, numClasses } }) })!;
  it('at or below chance passes; significantly above fails; above within noise warns', () => {
    expect(large(10).status).toBe('pass'); // exactly chance
    expect(large(0).status).toBe('pass');
    expect(large(20).status).toBe('fail'); // Wilson(20/100) low 0.133 > 0.1
    expect(large(13).status).toBe('warn'); // Wilson(13/100) low 0.078 < 0.1
    expect(large(1, 1, 2).status).toBe('warn'); // n = 1: 100 % but Wilson low 0.21 < 0.5
  });
});

describe('runSanityChecks', () => {
  it('returns C13–C19 in order; probe-based checks are left out without probes', () => {
    const attacks = input([{ id: 'pgd', norm: 'linf', traits: gradient, outcomes: { 0.01: '11', 0.03: '10' } }], '11');
    expect(runSanityChecks({ ...attacks, probes: probes() }).map((check) => check.id)).toEqual([
      'probability-outputs', 'deterministic-outputs', 'input-gradients', 'monotone-in-epsilon', 'iterative-vs-single-step', 'noise-vs-gradient', 'large-epsilon',
    ]);
    expect(runSanityChecks(attacks).map((check) => check.id)).toEqual(['monotone-in-epsilon', 'iterative-vs-single-step', 'noise-vs-gradient']);
  });
});
