import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summary-stats.js';
import { robustnessScore } from '../../src/metrics/score.js';
import { measurePerturbation } from '../../src/metrics/perturbation-size.js';

describe('summarize', () => {
  it('odd and even counts, ties, empty', () => {
    expect(summarize([3, 1, 2])).toEqual({ mean: 2, median: 2, max: 3 });
    expect(summarize([4, 1, 2, 3])).toEqual({ mean: 2.5, median: 2.5, max: 4 });
    expect(summarize([5, 5, 5, 5])).toEqual({ mean: 5, median: 5, max: 5 });
    expect(summarize([])).toEqual({ mean: 0, median: 0, max: 0 });
  });
});

describe('robustnessScore', () => {
  it('is 100 × mean of robust ÷ clean over cells', () => {
    expect(robustnessScore([{ robustAccuracy: 0.45, cleanAccuracy: 0.9 }, { robustAccuracy: 0.9, cleanAccuracy: 0.9 }])).toBeCloseTo(75, 10);
  });
  it('is 0 for cells with no clean-correct sample and for no cells at all', () => {
    expect(robustnessScore([{ robustAccuracy: 0, cleanAccuracy: 0 }])).toBe(0);
    expect(robustnessScore([])).toBe(0);
  });
});

describe('measurePerturbation', () => {
  it('measures L0, L1, L2 and L∞ of δ in float64', () => {
    const size = measurePerturbation([0, 0, 0, 0], [0.3, -0.4, 0, 0]);
    expect(size).toEqual({ l0: 2, l1: 0.7, l2: 0.5, linf: 0.4 });
  });
  it('reads one sample of a batch by offset', () => {
    expect(measurePerturbation([0, 0, 1, 1], [9, 9, 1, 0.5], 2, 2).linf).toBeCloseTo(0.5, 12);
  });
});
