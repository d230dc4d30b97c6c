import { describe, expect, it } from 'vitest';
import { caseRows, chartBars, className, perClassRows } from '../../src/ui/state/report-views.js';
import { makeReport } from './fixtures.js';

describe('report views', () => {
  const report = makeReport();

  it('caseRows lists every attack × ε in run order with its examples', () => {
    const rows = caseRows(report);
    expect(rows.map((row) => `${row.attackId} ${row.norm} ${row.budgetLabel} ${row.robustAccuracy}`)).toEqual([
      'fgsm linf ε=0.01 0.8', 'fgsm linf ε=0.1 0.3', 'noise l2 ε=0.5 0.9',
    ]);
    expect(rows.map((row) => row.examples.length)).toEqual([2, 0, 0]);
    expect(rows[1]!.linfMax).toBe(0.1);
  });

  it('severity budgets are labelled as severities', () => {
    const corrupted = makeReport({ attacks: [{ id: 'blur', type: 'gaussian-blur', budgetKind: 'severity', params: {}, results: [{ ...report.attacks[0]!.results[0]!, epsilon: undefined, severity: 3 }] }] });
    expect(caseRows(corrupted)[0]).toMatchObject({ budget: 3, budgetLabel: 'severity 3' });
  });

  it('perClassRows counts clean and robust samples per label from the outcomes', () => {
    const rows = perClassRows(report, { attackId: 'fgsm', budget: 0.01 });
    expect(rows).toEqual([
      { index: 0, name: 'cat', samples: 3, cleanAccuracy: 1, robustAccuracy: 1 },
      { index: 1, name: 'dog', samples: 4, cleanAccuracy: 1, robustAccuracy: 1 },
      { index: 2, name: 'bird', samples: 3, cleanAccuracy: 2 / 3, robustAccuracy: 1 / 3 },
    ]);
    const strong = perClassRows(report, { attackId: 'fgsm', budget: 0.1 });
    expect(strong.map((row) => row.robustAccuracy)).toEqual([1 / 3, 2 / 4, 0]); // '100' '1001' '000'
    // Robust counts per class add up to the case's robust count.
    expect(strong.reduce((sum, row) => sum + row.robustAccuracy! * row.samples, 0)).toBeCloseTo(3, 12);
  });

  it('perClassRows adds precision/recall/F1 when the case has per-class metrics, and no robust column without outcomes', () => {
    const perClass = [{ label: 2, support: 3, correct: 1, predicted: 2, precision: 0.5, recall: 1 / 3, f1: 0.4 }];
    const rows = perClassRows(report, { attackId: 'fgsm', budget: 0.01, perClass });
    expect(rows[2]).toMatchObject({ precision: 0.5, recall: 1 / 3, f1: 0.4 });
    expect(rows[0]!.precision).toBeUndefined();
    expect(perClassRows(report, { attackId: 'missing', budget: 1 })[0]!.robustAccuracy).toBeUndefined();
  });

  it('class names fall back to indices', () => {
    expect(className(report, 1)).toBe('dog');
    expect(className(makeReport({ model: { ...report.model, classNames: undefined } }), 1)).toBe('1');
    expect(className(report, 7)).toBe('7');
  });

  it('chartBars starts with clean accuracy, then each case', () => {
    expect(chartBars(report).map((bar) => [bar.group, bar.label, bar.value])).toEqual([
      ['clean', '', 0.9], ['fgsm', 'linf ε=0.01', 0.8], ['fgsm', 'linf ε=0.1', 0.3], ['noise', 'l2 ε=0.5', 0.9],
    ]);
  });
});
