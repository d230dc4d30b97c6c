/** compareReports: the rows gpu-check.sh prints — clean pass, then every attack × budget in both runs. */
import { describe, expect, it } from 'vitest';
import { compareReports } from '../../scripts/compare-backend-reports.js';
import type { SuiteReport } from '../../src/report/report-types.js';

function report(clean: number, results: { id: string; epsilon: number; robust: number; speed: number }[]): SuiteReport {
  const ids = [...new Set(results.map((result) => result.id))];
  return {
    clean: { correct: clean },
    attacks: ids.map((id) => ({
      id,
      results: results.filter((result) => result.id === id).map((result) => ({ epsilon: result.epsilon, robustCount: result.robust, samplesPerSecond: result.speed })),
    })),
  } as unknown as SuiteReport;
}

describe('compareReports', () => {
  it('pairs cases by attack id and budget and keeps both counts and speeds', () => {
    const base = report(90, [{ id: 'fgsm', epsilon: 0.01, robust: 70, speed: 10 }, { id: 'fgsm', epsilon: 0.03, robust: 40, speed: 12 }]);
    const candidate = report(90, [{ id: 'fgsm', epsilon: 0.03, robust: 41, speed: 120 }, { id: 'fgsm', epsilon: 0.01, robust: 70, speed: 100 }]);
    expect(compareReports(base, candidate)).toEqual([
      { label: 'clean', base: { robust: 90 }, candidate: { robust: 90 } },
      { label: 'fgsm ε=0.01', base: { robust: 70, samplesPerSecond: 10 }, candidate: { robust: 70, samplesPerSecond: 100 } },
      { label: 'fgsm ε=0.03', base: { robust: 40, samplesPerSecond: 12 }, candidate: { robust: 41, samplesPerSecond: 120 } },
    ]);
  });

  it('leaves out cases only one run has (an interrupted run)', () => {
    const base = report(5, [{ id: 'pgd', epsilon: 0.1, robust: 2, speed: 1 }]);
    const candidate = report(5, []);
    expect(compareReports(base, candidate).map((row) => row.label)).toEqual(['clean']);
  });
});
