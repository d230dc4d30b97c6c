import { describe, expect, it } from 'vitest';
import type { BaselineComparison, ComparisonRow } from '../../src/report/comparison-types.js';
import { thresholdHandlers } from '../../src/metrics/threshold-handlers.js';
import { thresholdMetricNames } from '../../src/metrics/threshold-metrics.js';
import { evaluateThreshold, samplesToDecideWith } from '../../src/metrics/thresholds.js';
import { pairedChangeInterval } from '../../src/metrics/mcnemar.js';
import type { SuiteReport } from '../../src/report/report-types.js';

function row(kind: ComparisonRow['kind'], b: number, c: number, extra: Partial<ComparisonRow> = {}): ComparisonRow {
  return { kind, samples: 100, base: 0, candidate: 0, delta: (c - b) / 100, newlyBroken: b, newlyRobust: c, newlyBrokenSamples: [], newlyRobustSamples: [], pValue: 0.04, verdict: 'worse-within-noise', ...extra };
}

function baseline(rows: ComparisonRow[], comparable = true): BaselineComparison {
  return {
    base: { suiteId: 's', startedAt: '', modelSha256: '', toolVersion: '' }, comparable, differences: comparable ? [] : ['seed 1 vs 2 (use the same --seed)'],
    notes: [], alpha: 0.05, rows, verdict: comparable ? 'worse-within-noise' : 'incomparable',
  };
}

/** 100 samples, 80 clean-correct; pgd at 0.03 leaves 30 robust (25 of class 0, 5 of class 1); one worst-case entry. */
function report(extra: Partial<SuiteReport> = {}): SuiteReport {
  const perClass = [
    { label: 0, name: 'cat', support: 50, correct: 25, predicted: 40, precision: 0.6, recall: 0.5, f1: 0.5 },
    { label: 1, support: 50, correct: 5, predicted: 60, precision: 0.1, recall: 0.1, f1: 0.1 },
    { label: 2, support: 0, correct: 0, predicted: 0, precision: null, recall: null, f1: null },
  ];
  return {
    samples: 100, score: 42,
    clean: { accuracy: 0.8, correct: 80, ci95: [0, 1] },
    attacks: [{ id: 'pgd', type: 'pgd', norm: 'linf', budgetKind: 'epsilon', params: {}, results: [{ epsilon: 0.03, robustAccuracy: 0.3, robustCount: 30, attackSuccessRate: 0.625, perClass } as never] }],
    worstCase: [
      { norm: 'linf', epsilon: 0.03, robustAccuracy: 0.3, robustCount: 30, ci95: [0, 1], attacks: ['pgd', 'fgsm'] },
      { norm: 'l2', epsilon: 0.5, robustAccuracy: 0.6, robustCount: 60, ci95: [0, 1], attacks: ['noise'] },
      { norm: 'linf', epsilon: 0.5, robustAccuracy: 0.1, robustCount: 10, ci95: [0, 1], attacks: ['x'] },
    ],
    ...extra,
  } as unknown as SuiteReport;
}

describe('threshold registry', () => {
  it('has a handler for every metric the schema offers', () => {
    expect(Object.keys(thresholdHandlers).sort()).toEqual([...thresholdMetricNames].sort());
  });
});

describe('worst-case-robust-accuracy', () => {
  it('point value and Wilson interval (30/100 → [0.2189, 0.3958])', () => {
    expect(evaluateThreshold({ metric: 'worst-case-robust-accuracy', epsilon: 0.03, min: 0.25 }, report())).toMatchObject({ status: 'pass', actual: 0.3 });
    const straddling = evaluateThreshold({ metric: 'worst-case-robust-accuracy', epsilon: 0.03, min: 0.25 }, report(), 0.95);
    expect(straddling.status).toBe('inconclusive');
    expect(straddling.ci95![0]).toBeCloseTo(0.21895, 4);
    expect(straddling.samplesToDecide).toBeGreaterThan(100);
    expect(straddling.reason).toMatch(/worst-case robust accuracy at linf ε=0.03 \(pgd, fgsm\)/);
  });
  it('an ε shared by several norms needs the norm; with it the right entry is used', () => {
    const ambiguous = evaluateThreshold({ metric: 'worst-case-robust-accuracy', epsilon: 0.5, min: 0.05 }, report());
    expect(ambiguous).toMatchObject({ status: 'fail', actual: null });
    expect(ambiguous.reason).toMatch(/several norms \(l2, linf\).*add "norm"/);
    expect(evaluateThreshold({ metric: 'worst-case-robust-accuracy', epsilon: 0.5, norm: 'l2', min: 0.5 }, report())).toMatchObject({ status: 'pass', actual: 0.6, norm: 'l2' });
    expect(evaluateThreshold({ metric: 'worst-case-robust-accuracy', epsilon: 0.7, min: 0.5 }, report())).toMatchObject({ status: 'fail', actual: null });
  });
});

describe('attack-success-rate and accuracy-drop', () => {
  it('success rate = broken ÷ clean-correct (50/80); interval over the 80 clean-correct samples', () => {
    const result = evaluateThreshold({ metric: 'attack-success-rate', attack: 'pgd', epsilon: 0.03, max: 0.8 }, report(), 0.95);
    expect(result).toMatchObject({ status: 'pass', actual: 0.625 });
    expect(result.ci95![0]).toBeCloseTo(0.51549, 4);
    expect(result.ci95![1]).toBeCloseTo(0.72306, 4);
    expect(evaluateThreshold({ metric: 'attack-success-rate', attack: 'pgd', epsilon: 0.03, max: 0.6 }, report()).status).toBe('fail');
  });
  it('accuracy drop = clean − robust = 50/100', () => {
    const result = evaluateThreshold({ metric: 'accuracy-drop', attack: 'pgd', epsilon: 0.03, max: 0.4 }, report(), 0.95);
    expect(result).toMatchObject({ status: 'fail', actual: 0.5 });
    expect(result.ci95![0]).toBeCloseTo(0.40383, 4);
    expect(evaluateThreshold({ metric: 'accuracy-drop', attack: 'pgd', epsilon: 0.03, max: 0.5 }, report()).status).toBe('pass'); // tie passes
  });
  it('a missing case fails with a reason', () => {
    expect(evaluateThreshold({ metric: 'accuracy-drop', attack: 'pgd', epsilon: 0.1, max: 0.4 }, report())).toMatchObject({ status: 'fail', actual: null });
  });
  it('0 clean-correct samples: the success rate has no interval information ([0, 1]) and is inconclusive', () => {
    const none = report({ clean: { accuracy: 0, correct: 0, ci95: [0, 1] } } as never);
    const zero = { ...none, attacks: [{ ...none.attacks[0]!, results: [{ epsilon: 0.03, robustCount: 0 } as never] }] } as SuiteReport;
    expect(evaluateThreshold({ metric: 'attack-success-rate', attack: 'pgd', epsilon: 0.03, max: 0.5 }, zero, 0.95)).toMatchObject({ status: 'inconclusive', ci95: [0, 1] });
  });
});

describe('per-class-robust-accuracy', () => {
  it('the weakest class decides; classes without samples are skipped', () => {
    const result = evaluateThreshold({ metric: 'per-class-robust-accuracy', attack: 'pgd', epsilon: 0.03, min: 0.3 }, report());
    expect(result).toMatchObject({ status: 'fail', actual: 0.1 });
    expect(result.reason).toMatch(/^1 of 2 classes do not pass: robust accuracy of class 1 under pgd at 0.03 10.0%/);
    const passing = evaluateThreshold({ metric: 'per-class-robust-accuracy', attack: 'pgd', epsilon: 0.03, min: 0.05 }, report());
    expect(passing).toMatchObject({ status: 'pass', actual: 0.1 });
    expect(passing.reason).toMatch(/^all 2 classes pass; closest: .*class 1/);
  });
  it('with confidence: 25/50 [0.366, 0.634] passes 0.3, 5/50 [0.043, 0.214] straddles 0.05 → inconclusive', () => {
    const result = evaluateThreshold({ metric: 'per-class-robust-accuracy', attack: 'pgd', epsilon: 0.03, min: 0.05 }, report(), 0.95);
    expect(result.status).toBe('inconclusive');
    expect(result.ci95![0]).toBeCloseTo(0.043476, 5);
    expect(result.reason).toMatch(/class 1 .*straddling 5.0%/);
    expect(evaluateThreshold({ metric: 'per-class-robust-accuracy', attack: 'pgd', epsilon: 0.03, min: 0.3 }, report(), 0.95).status).toBe('fail');
  });
  it('names classes by their class names', () => {
    const result = evaluateThreshold({ metric: 'per-class-robust-accuracy', attack: 'pgd', epsilon: 0.03, min: 0.6 }, report());
    expect(result.reason).toMatch(/2 of 2 classes do not pass: .*class 1 .*class "cat" \(0\)/);
  });
});

describe('regression', () => {
  it('without a baseline: fails and says to pass --baseline', () => {
    const result = evaluateThreshold({ metric: 'regression', max: 0.02 }, report());
    expect(result).toMatchObject({ status: 'fail', actual: null });
    expect(result.reason).toMatch(/--baseline/);
  });
  it('an incomparable baseline fails with the differences', () => {
    const result = evaluateThreshold({ metric: 'regression', max: 0.02 }, report({ baseline: baseline([], false) }));
    expect(result).toMatchObject({ status: 'fail', actual: null });
    expect(result.reason).toMatch(/seed 1 vs 2/);
  });
  it('the largest drop over clean and attack rows decides (worst-case rows are derived and skipped)', () => {
    const rows = [row('clean', 2, 2), row('attack', 10, 2, { attack: 'pgd', budget: 0.03 }), row('worst-case', 30, 0)];
    const result = evaluateThreshold({ metric: 'regression', max: 0.02 }, report({ baseline: baseline(rows) }));
    expect(result).toMatchObject({ status: 'fail', actual: 0.08 });
    expect(result.reason).toMatch(/drop in robust accuracy of pgd at 0.03 vs the baseline \(10 newly broken, 2 newly robust/);
    expect(evaluateThreshold({ metric: 'regression', max: 0.1 }, report({ baseline: baseline(rows) })).status).toBe('pass');
  });
  it('with confidence: the paired interval (b = 10, c = 2, n = 100 → [0.0125, 0.1087]) decides', () => {
    const rows = [row('attack', 10, 2, { attack: 'pgd', budget: 0.03 })];
    const failing = evaluateThreshold({ metric: 'regression', max: 0.01 }, report({ baseline: baseline(rows) }), 0.95);
    expect(failing.status).toBe('fail');
    expect(failing.ci95![0]).toBeCloseTo(0.0124726, 6);
    expect(failing.ci95![1]).toBeCloseTo(0.1087284, 6);
    const straddling = evaluateThreshold({ metric: 'regression', max: 0.05 }, report({ baseline: baseline(rows) }), 0.95);
    expect(straddling.status).toBe('inconclusive');
    expect(straddling.samplesToDecide).toBeGreaterThan(100);
    expect(evaluateThreshold({ metric: 'regression', max: 0.11 }, report({ baseline: baseline(rows) }), 0.95).status).toBe('pass');
  });
  it('attack + epsilon select one row', () => {
    const rows = [row('clean', 20, 0), row('attack', 1, 3, { attack: 'pgd', budget: 0.03 })];
    expect(evaluateThreshold({ metric: 'regression', attack: 'pgd', epsilon: 0.03, max: 0 }, report({ baseline: baseline(rows) }))).toMatchObject({ status: 'pass', actual: -0.02 });
    expect(evaluateThreshold({ metric: 'regression', attack: 'pgd', epsilon: 0.1, max: 0 }, report({ baseline: baseline(rows) }))).toMatchObject({ status: 'fail', actual: null });
  });
  it('identical runs: every drop is exactly 0 and passes even a zero tolerance with confidence', () => {
    const result = evaluateThreshold({ metric: 'regression', max: 0 }, report({ baseline: baseline([row('clean', 0, 0), row('attack', 0, 0, { attack: 'pgd', budget: 0.03 })]) }), 0.95);
    expect(result).toMatchObject({ status: 'pass', actual: 0, ci95: [0, 0] });
  });
});

describe('samplesToDecideWith', () => {
  it('finds the smallest n whose interval clears the bound (paired interval, same rates)', () => {
    const intervalAt = (n: number) => pairedChangeInterval(Math.round((10 * n) / 100), Math.round((2 * n) / 100), n, 0.95);
    const n = samplesToDecideWith(intervalAt, 0.05, 'max', 100)!;
    expect(n).toBeGreaterThan(100);
    expect(intervalAt(n)[0]).toBeGreaterThan(0.05);
    expect(intervalAt(n - 1)[0]).toBeLessThanOrEqual(0.05);
  });
  it('undefined when the rate sits on the bound', () => {
    expect(samplesToDecideWith(() => [0.4, 0.6], 0.5, 'min')).toBeUndefined();
  });
});

describe('unknown metrics', () => {
  it('fail with a reason instead of throwing, including inherited property names', () => {
    expect(evaluateThreshold({ metric: 'toString' as never, min: 0 }, report())).toMatchObject({ status: 'fail', reason: 'unknown metric "toString"' });
  });
});
