import { describe, expect, it } from 'vitest';
import { evaluateThreshold, samplesToDecide } from '../../src/metrics/thresholds.js';
import { decideRunVerdict, decideSuiteVerdict } from '../../src/metrics/verdict.js';
import type { SuiteReport } from '../../src/report/report-types.js';

function report(correct: number, samples: number, robust: number, score: number): SuiteReport {
  return {
    samples, score,
    clean: { accuracy: correct / samples, correct, ci95: [0, 1] },
    attacks: [{ id: 'pgd', type: 'pgd', norm: 'linf', budgetKind: 'epsilon', params: {}, results: [{ epsilon: 0.03, robustAccuracy: robust / samples, robustCount: robust } as never] }],
  } as unknown as SuiteReport;
}

describe('evaluateThreshold', () => {
  it('point comparison without confidence', () => {
    const result = evaluateThreshold({ metric: 'clean-accuracy', min: 0.85 }, report(88, 100, 40, 50));
    expect(result).toMatchObject({ status: 'pass', actual: 0.88, expected: { min: 0.85 } });
    expect(evaluateThreshold({ metric: 'clean-accuracy', min: 0.9 }, report(88, 100, 40, 50)).status).toBe('fail');
  });
  it('equal to the bound passes (ties)', () => {
    expect(evaluateThreshold({ metric: 'clean-accuracy', min: 0.88 }, report(88, 100, 40, 50)).status).toBe('pass');
    expect(evaluateThreshold({ metric: 'score', max: 50 }, report(88, 100, 40, 50)).status).toBe('pass');
  });
  it('with confidence: pass only when the whole interval clears, inconclusive when it straddles', () => {
    // 88/100 → Wilson [0.802, 0.930]
    expect(evaluateThreshold({ metric: 'clean-accuracy', min: 0.8 }, report(88, 100, 40, 50), 0.95).status).toBe('pass');
    expect(evaluateThreshold({ metric: 'clean-accuracy', min: 0.95 }, report(88, 100, 40, 50), 0.95).status).toBe('fail');
    const straddling = evaluateThreshold({ metric: 'clean-accuracy', min: 0.85 }, report(88, 100, 40, 50), 0.95);
    expect(straddling.status).toBe('inconclusive');
    expect(straddling.ci95![0]).toBeCloseTo(0.80188, 4);
    expect(straddling.reason).toMatch(/about \d+ samples at this rate would decide it/);
  });
  it('robust-accuracy finds its attack and ε; a missing case fails with a reason', () => {
    expect(evaluateThreshold({ metric: 'robust-accuracy', attack: 'pgd', epsilon: 0.03, min: 0.3 }, report(88, 100, 40, 50)).status).toBe('pass');
    const missing = evaluateThreshold({ metric: 'robust-accuracy', attack: 'pgd', epsilon: 0.1, min: 0.3 }, report(88, 100, 40, 50));
    expect(missing).toMatchObject({ status: 'fail', actual: null });
  });
  it('0 correct samples and n = 1', () => {
    expect(evaluateThreshold({ metric: 'clean-accuracy', min: 0.5 }, report(0, 100, 0, 0)).status).toBe('fail');
    expect(evaluateThreshold({ metric: 'clean-accuracy', min: 0.5 }, report(1, 1, 1, 100), 0.95).status).toBe('inconclusive');
  });
});

describe('samplesToDecide', () => {
  it('finds the smallest n whose interval clears the bound at the same rate', () => {
    const n = samplesToDecide(0.88, 0.85, 'min', 0.95)!;
    const justEnough = evaluateThreshold({ metric: 'clean-accuracy', min: 0.85 }, report(Math.round(0.88 * n), n, 0, 0), 0.95);
    expect(justEnough.status).toBe('pass');
    expect(n).toBeGreaterThan(100);
  });
  it('is undefined when the rate sits on the bound', () => {
    expect(samplesToDecide(0.85, 0.85, 'min', 0.95)).toBeUndefined();
  });
});

describe('verdicts', () => {
  it('fail on a failing or inconclusive threshold; error keeps its exit code', () => {
    const failing = { metric: 'score', expected: {}, actual: 1, status: 'inconclusive' as const, reason: 'r' };
    expect(decideSuiteVerdict({ thresholds: [failing], sanityChecks: [], failOn: 'fail' })).toMatchObject({ verdict: 'fail', exitCode: 1 });
    expect(decideSuiteVerdict({ thresholds: [], sanityChecks: [{ id: 'x', status: 'warn', message: 'm' }], failOn: 'warn' }).verdict).toBe('fail');
    expect(decideSuiteVerdict({ thresholds: [], sanityChecks: [{ id: 'x', status: 'warn', message: 'm' }], failOn: 'fail' }).verdict).toBe('pass');
    expect(decideSuiteVerdict({ error: { code: 'X', message: 'm' }, thresholds: [], sanityChecks: [], failOn: 'fail' }).verdict).toBe('error');
  });
  it('run verdict: interrupted > error (highest code) > fail > pass', () => {
    expect(decideRunVerdict([{ verdict: 'pass', exitCode: 0 }], true)).toEqual({ verdict: 'interrupted', exitCode: 130 });
    expect(decideRunVerdict([{ verdict: 'fail', exitCode: 1 }, { verdict: 'error', exitCode: 2 }], false)).toEqual({ verdict: 'error', exitCode: 2 });
    expect(decideRunVerdict([{ verdict: 'fail', exitCode: 1 }, { verdict: 'pass', exitCode: 0 }], false)).toEqual({ verdict: 'fail', exitCode: 1 });
    expect(decideRunVerdict([{ verdict: 'pass', exitCode: 0 }], false)).toEqual({ verdict: 'pass', exitCode: 0 });
  });
});
