import { describe, expect, it } from 'vitest';
import { compareOutcomes, compareReports, missingBaseline, rowVerdict } from '../../src/metrics/compare-reports.js';
import type { SuiteReport } from '../../src/report/report-types.js';

/** A report of 10 samples with clean outcomes and pgd (linf 0.01, 0.03) + fgsm (linf 0.03) outcomes. */
function report(outcomes: { clean: string; pgd: [string, string]; fgsm: string }, extra: Record<string, unknown> = {}): SuiteReport {
  const result = (epsilon: number) => ({ epsilon }) as never;
  return {
    schemaVersion: 1, tool: { name: 'robustcheck', version: '0' }, suite: { id: 's', path: 's.suite.json', sha256: '' },
    model: { path: 'm', format: 'layers', sha256: 'aa', outputKind: 'logits', inputShape: [2], numClasses: 2 },
    data: { path: '/data/x.npz', size: 10, labels: 'file', sha256: 'd'.repeat(64) },
    environment: { backend: 'wasm' }, seed: 7, startedAt: '2026-01-01T00:00:00Z', complete: true, samples: 10,
    attacks: [
      { id: 'pgd', type: 'pgd', norm: 'linf', budgetKind: 'epsilon', params: { steps: 10, loss: 'ce' }, results: [result(0.01), result(0.03)] },
      { id: 'fgsm', type: 'fgsm', norm: 'linf', budgetKind: 'epsilon', params: { loss: 'ce' }, results: [result(0.03)] },
    ],
    worstCase: [
      { norm: 'linf', epsilon: 0.01, attacks: ['pgd'] },
      { norm: 'linf', epsilon: 0.03, attacks: ['pgd', 'fgsm'] },
    ],
    outcomes: {
      indices: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], labels: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1], clean: outcomes.clean,
      attacks: { pgd: { 0.01: outcomes.pgd[0], 0.03: outcomes.pgd[1] }, fgsm: { 0.03: outcomes.fgsm } },
    },
    ...extra,
  } as unknown as SuiteReport;
}

const base = report({ clean: '1111111110', pgd: ['1111110000', '1111000000'], fgsm: '1111100000' });

describe('rowVerdict', () => {
  it('unchanged on ties, improved when more became robust, regression split by α', () => {
    expect(rowVerdict(0, 0, 1)).toBe('unchanged');
    expect(rowVerdict(3, 3, 1)).toBe('unchanged');
    expect(rowVerdict(1, 4, 0.375)).toBe('improved');
    expect(rowVerdict(4, 0, 0.125)).toBe('worse-within-noise');
    expect(rowVerdict(6, 0, 0.03125)).toBe('significant-regression');
    expect(rowVerdict(6, 0, 0.03125, 0.01)).toBe('worse-within-noise');
  });
});

describe('compareOutcomes (hand-computed)', () => {
  it('counts newly broken / newly robust, lists their dataset indices and tests them', () => {
    const row = compareOutcomes('111111000', '000000100', [10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(row).toMatchObject({ samples: 9, newlyBroken: 6, newlyRobust: 1, newlyBrokenSamples: [10, 11, 12, 13, 14, 15], newlyRobustSamples: [16] });
    expect(row.base).toBeCloseTo(6 / 9, 12);
    expect(row.candidate).toBeCloseTo(1 / 9, 12);
    expect(row.delta).toBeCloseTo(-5 / 9, 12);
    expect(row.pValue).toBeCloseTo(16 / 128, 12); // 2 · (1 + 7)/2^7
    expect(row.verdict).toBe('worse-within-noise');
  });
  it('n = 1 and empty outcomes', () => {
    expect(compareOutcomes('1', '0', [5])).toMatchObject({ newlyBroken: 1, pValue: 1, verdict: 'worse-within-noise' });
    expect(compareOutcomes('', '', [])).toMatchObject({ samples: 0, base: 0, candidate: 0, pValue: 1, verdict: 'unchanged' });
  });
});

describe('compareReports', () => {
  it('identical runs: every row unchanged', () => {
    const comparison = compareReports(base, report({ clean: '1111111110', pgd: ['1111110000', '1111000000'], fgsm: '1111100000' }));
    expect(comparison).toMatchObject({ comparable: true, differences: [], verdict: 'unchanged' });
    expect(comparison.rows.map((row) => row.verdict)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    // clean, pgd 0.01, pgd 0.03, fgsm 0.03, worst case linf 0.03 (the single-attack worst case repeats pgd 0.01)
    expect(comparison.rows.map((row) => `${row.kind}:${row.attack ?? ''}:${row.budget ?? ''}`)).toEqual(['clean::', 'attack:pgd:0.01', 'attack:pgd:0.03', 'attack:fgsm:0.03', 'worst-case::0.03']);
  });

  it('a weaker candidate: per-row counts, worst case as the AND of its attacks, overall verdict', () => {
    const candidate = report({ clean: '1111111110', pgd: ['0000000000', '0000000000'], fgsm: '1111110000' });
    const comparison = compareReports(base, candidate);
    const [clean, pgd1, pgd3, fgsm3, worst3] = comparison.rows;
    expect(clean).toMatchObject({ newlyBroken: 0, newlyRobust: 0, verdict: 'unchanged' });
    expect(pgd1).toMatchObject({ newlyBroken: 6, newlyRobust: 0, verdict: 'significant-regression' });
    expect(pgd1!.pValue).toBeCloseTo(2 / 64, 12);
    expect(pgd3).toMatchObject({ newlyBroken: 4, newlyRobust: 0, verdict: 'worse-within-noise' });
    expect(fgsm3).toMatchObject({ newlyBroken: 0, newlyRobust: 1, verdict: 'improved' });
    // worst case at 0.03: base AND = 1111000000, candidate AND = 0000000000
    expect(worst3).toMatchObject({ kind: 'worst-case', newlyBroken: 4, newlyRobust: 0, base: 0.4, candidate: 0 });
    expect(comparison.verdict).toBe('significant-regression');
  });

  it('refuses different data, samples, seed and attack settings, naming each difference', () => {
    const other = report({ clean: '111111111', pgd: ['111111000', '111100000'], fgsm: '111110000' }, {
      seed: 8,
      data: { path: '/data/y.npz', size: 10, labels: 'file', sha256: 'e'.repeat(64) },
    });
    other.outcomes.indices = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    other.attacks[0]!.params = { loss: 'ce', steps: 20 };
    other.attacks[1]!.results = [{ epsilon: 0.1 } as never];
    other.attacks.push({ id: 'noise', type: 'gaussian-noise', norm: 'l2', budgetKind: 'epsilon', params: {}, results: [] });
    const comparison = compareReports(base, other);
    expect(comparison).toMatchObject({ comparable: false, verdict: 'incomparable', rows: [] });
    const text = comparison.differences.join('\n');
    expect(text).toMatch(/data files differ: sha256 dddddddddddd… vs eeeeeeeeeeee…/);
    expect(text).toMatch(/evaluated samples differ: 10 vs 9 \(check --limit/);
    expect(text).toMatch(/seed 7 vs 8/);
    expect(text).toMatch(/attack pgd: parameters \{"loss":"ce","steps":10\} vs \{"loss":"ce","steps":20\}/);
    expect(text).toMatch(/attack fgsm: budgets \[0.03\] vs \[0.1\]/);
    expect(text).toMatch(/attacks only in the candidate: noise/);
    expect(comparison.differences).toHaveLength(6);
  });

  it('parameter order does not matter; backend and suite id differences are only notes', () => {
    const other = report({ clean: '1111111110', pgd: ['1111110000', '1111000000'], fgsm: '1111100000' }, { environment: { backend: 'cpu' }, suite: { id: 't', path: 'x', sha256: '' } });
    other.attacks[0]!.params = { loss: 'ce', steps: 10 };
    const comparison = compareReports(base, other);
    expect(comparison.comparable).toBe(true);
    expect(comparison.notes.join('\n')).toMatch(/backends differ \(wasm vs cpu\)[\s\S]*suite ids differ/);
  });

  it('same indices but different labels (data changed, no hash) are refused', () => {
    const noHash = (value: SuiteReport) => ({ ...value, data: { path: '/d', size: 10, labels: 'file' } }) as SuiteReport;
    const other = noHash(report({ clean: '1111111110', pgd: ['1111110000', '1111000000'], fgsm: '1111100000' }));
    other.outcomes.labels = [1, 1, 0, 1, 0, 1, 0, 1, 0, 1];
    const comparison = compareReports(noHash(base), other);
    expect(comparison.differences).toEqual(['labels of the evaluated samples differ: the data is not the same']);
    expect(comparison.notes[0]).toMatch(/no data hash/);
  });

  it('an interrupted candidate compares the budgets both finished', () => {
    const partial = report({ clean: '1111111110', pgd: ['1111110000', '1111000000'], fgsm: '1111100000' }, { complete: false });
    partial.attacks[0]!.results = [{ epsilon: 0.01 } as never];
    delete (partial.outcomes.attacks.pgd as Record<string, string>)['0.03'];
    const comparison = compareReports(base, partial);
    expect(comparison.comparable).toBe(true);
    expect(comparison.rows.some((row) => row.attack === 'pgd' && row.budget === 0.03)).toBe(false);
    expect(comparison.notes.join('\n')).toMatch(/only budgets 0.01 finished in both runs/);
  });

  it('a missing baseline is recorded as incomparable with the reason', () => {
    expect(missingBaseline('reports-main', 's')).toMatchObject({ comparable: false, verdict: 'incomparable', differences: ['no baseline report for suite "s" in reports-main'] });
  });
});
