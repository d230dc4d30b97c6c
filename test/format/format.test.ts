import { describe, expect, it } from 'vitest';
import { budgetLabel, formatBudget, normBudget } from '../../src/format/budget.js';
import { seconds } from '../../src/format/duration.js';
import { interval } from '../../src/format/interval.js';
import { percent, signedPoints } from '../../src/format/percent.js';
import { thresholdRange, thresholdValue } from '../../src/format/threshold-value.js';

describe('the shared number formats every view prints', () => {
  it('proportions in percent and changes in signed points', () => {
    expect(percent(0.8123)).toBe('81.2%');
    expect(percent(0.5, 0)).toBe('50%');
    expect(signedPoints(0.012)).toBe('+1.2');
    expect(signedPoints(-0.03)).toBe('-3.0');
  });

  it('intervals in the three styles', () => {
    expect(interval([0.79, 0.83])).toBe('[79.0–83.0]');
    expect(interval([0.79, 0.83], 'range')).toBe('79.0–83.0%');
    expect(interval([0.79, 0.83], 'bracketed-percent')).toBe('[79.0%–83.0%]');
  });

  it('budgets: ε or severity, with a norm for worst-case entries', () => {
    expect(formatBudget('epsilon', 0.03)).toBe('ε=0.03');
    expect(formatBudget('severity', 3)).toBe('severity 3');
    expect(budgetLabel({ epsilon: 0.1 })).toBe('ε=0.1');
    expect(budgetLabel({ severity: 2 })).toBe('severity 2');
    expect(normBudget('linf', 0.1)).toBe('linf ε=0.1');
    expect(normBudget(undefined, 0.1)).toBe('ε=0.1');
  });

  it('threshold values in their metric unit, and durations', () => {
    expect(thresholdValue(0.3, 'fraction')).toBe('30.0%');
    expect(thresholdValue(75, 'score')).toBe('75.0');
    expect(thresholdRange([0.201, 0.302], 'fraction')).toBe('20.1%–30.2%');
    expect(seconds(12345)).toBe('12.3 s');
  });
});
