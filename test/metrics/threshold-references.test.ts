/**
 * Suite-file checks of the threshold metrics (schema enum + reference checks): which fields each
 * metric needs, what they must refer to, and a message that says how to fix it.
 */
import { describe, expect, it } from 'vitest';
import { thresholdMetricNames } from '../../src/metrics/threshold-metrics.js';
import { buildSuiteSchema } from '../../src/suite/schema.js';
import { collectSuiteProblems } from '../../src/suite/validate.js';
import { validSuite } from '../suite/helpers.js';

function problemsWith(threshold: Record<string, unknown>): { location?: string; message: string }[] {
  const suite = validSuite();
  suite.thresholds = [threshold];
  return collectSuiteProblems(suite);
}

describe('threshold metrics in the suite schema', () => {
  it('the schema offers every metric with a handler, and a norm field', () => {
    const thresholds = (buildSuiteSchema().properties as Record<string, any>).thresholds.items;
    expect(thresholds.properties.metric.enum).toEqual(thresholdMetricNames);
    expect(thresholds.properties.norm.enum).toContain('linf');
  });
});

describe('valid thresholds of every metric', () => {
  it.each([
    { metric: 'clean-accuracy', min: 0.8 },
    { metric: 'robust-accuracy', attack: 'pgd', epsilon: 0.03, min: 0.3 },
    { metric: 'worst-case-robust-accuracy', epsilon: 0.03, min: 0.2 },
    { metric: 'worst-case-robust-accuracy', epsilon: 0.03, norm: 'linf', min: 0.2 },
    { metric: 'attack-success-rate', attack: 'fgsm', epsilon: 0.01, max: 0.5 },
    { metric: 'accuracy-drop', attack: 'noise', epsilon: 1, max: 0.1 },
    { metric: 'score', min: 40 },
    { metric: 'per-class-robust-accuracy', attack: 'pgd', epsilon: 0.1, min: 0.1 },
    { metric: 'regression', max: 0.02 },
    { metric: 'regression', attack: 'pgd', epsilon: 0.03, max: 0.02 },
  ])('$metric %#', (threshold) => {
    expect(problemsWith(threshold)).toEqual([]);
  });
});

describe('invalid thresholds', () => {
  it.each([
    [{ metric: 'attack-success-rate', epsilon: 0.03, max: 0.5 }, '/thresholds/0', "an attack-success-rate threshold needs 'attack'"],
    [{ metric: 'per-class-robust-accuracy', attack: 'pgd', min: 0.1 }, '/thresholds/0', "needs 'epsilon': one of 0.03, 0.1"],
    [{ metric: 'accuracy-drop', attack: 'pgd', epsilon: 0.05, max: 0.1 }, '/thresholds/0/epsilon', "'epsilon' 0.05 is not one of attack 'pgd' epsilons"],
    [{ metric: 'worst-case-robust-accuracy', min: 0.2 }, '/thresholds/0', "needs 'epsilon': one of 0.01, 0.03, 0.1, 0.5, 1"],
    [{ metric: 'worst-case-robust-accuracy', epsilon: 0.2, min: 0.2 }, '/thresholds/0/epsilon', 'no attack has ε 0.2'],
    [{ metric: 'worst-case-robust-accuracy', epsilon: 0.03, norm: 'l2', min: 0.2 }, '/thresholds/0/epsilon', "no attack with norm 'l2' has ε 0.03"],
    [{ metric: 'worst-case-robust-accuracy', attack: 'pgd', epsilon: 0.03, min: 0.2 }, '/thresholds/0/attack', "'attack' applies only to robust-accuracy thresholds and other per-attack metrics"],
    [{ metric: 'robust-accuracy', attack: 'pgd', epsilon: 0.03, norm: 'linf', min: 0.2 }, '/thresholds/0/norm', "'norm' applies only to worst-case-robust-accuracy"],
    [{ metric: 'regression', min: 0.02 }, '/thresholds/0/min', "a regression threshold takes only 'max'"],
    [{ metric: 'regression', attack: 'pgd', max: 0.02 }, '/thresholds/0', "names both 'attack' and 'epsilon' (one result) or neither"],
    [{ metric: 'regression', attack: 'pgdd', epsilon: 0.03, max: 0.02 }, '/thresholds/0/attack', "unknown attack id 'pgdd' — did you mean 'pgd'?"],
    [{ metric: 'regression', max: 2 }, '/thresholds/0/max', 'outside [0, 1]'],
    [{ metric: 'score', epsilon: 0.03, min: 2 }, '/thresholds/0/epsilon', 'score covers the whole suite'],
  ])('%j → %s: %s', (threshold, location, fragment) => {
    const problems = problemsWith(threshold);
    expect(problems.map((problem) => problem.location)).toContain(location);
    expect(problems.map((problem) => problem.message).join('\n')).toContain(fragment);
  });

  it('an ε shared by attacks of several norms needs the norm', () => {
    const suite = validSuite();
    suite.attacks[2].epsilons = [0.03, 1]; // gaussian-noise (l2) now shares 0.03 with the L∞ attacks
    suite.thresholds = [{ metric: 'worst-case-robust-accuracy', epsilon: 0.03, min: 0.2 }];
    const problems = collectSuiteProblems(suite);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/attacks of several norms \(linf, l2\) have ε 0.03 — add "norm": one of 'linf', 'l2'/);
  });
});
