/**
 * Paired comparison of two runs of the same suite (baseline vs candidate) sample by sample:
 * per clean / attack × budget / worst-case row, the change in accuracy, the samples newly broken
 * and newly robust, and McNemar's exact test on them (docs/reliability.md D). Runs that did not
 * evaluate the same samples the same way are refused, naming every difference.
 */
import type { BaselineComparison, ComparisonRow, RowVerdict } from '../report/comparison-types.js';
import type { SuiteReport } from '../report/report-types.js';
import { mcnemarExact } from './mcnemar.js';
import { describeDifferences } from './report-differences.js';

/** Significance level of the per-row McNemar test (two-sided). */
export const defaultAlpha = 0.05;

/** Most sample indices listed per row for newly broken / newly robust samples. */
export const maxListedSamples = 50;

const severity: Record<RowVerdict, number> = { 'significant-regression': 3, 'worse-within-noise': 2, improved: 1, unchanged: 0 };

/** Verdict of a row from its discordant counts and p-value. */
export function rowVerdict(newlyBroken: number, newlyRobust: number, pValue: number, alpha = defaultAlpha): RowVerdict {
  if (newlyBroken === newlyRobust) return 'unchanged';
  if (newlyRobust > newlyBroken) return 'improved';
  return pValue < alpha ? 'significant-regression' : 'worse-within-noise';
}

/**
 * Compares two outcome strings of the same samples ('1' correct, '0' not).
 *
 * @param indices - dataset index per position, for listing changed samples
 */
export function compareOutcomes(base: string, candidate: string, indices: number[], alpha = defaultAlpha): Omit<ComparisonRow, 'kind'> {
  const n = Math.min(base.length, candidate.length);
  let baseCorrect = 0;
  let candidateCorrect = 0;
  const broken: number[] = [];
  const robust: number[] = [];
  let newlyBroken = 0;
  let newlyRobust = 0;
  for (let i = 0; i < n; i++) {
    const before = base[i] === '1';
    const after = candidate[i] === '1';
    if (before) baseCorrect++;
    if (after) candidateCorrect++;
    if (before && !after) {
      newlyBroken++;
      if (broken.length < maxListedSamples) broken.push(indices[i] ?? i);
    } else if (!before && after) {
      newlyRobust++;
      if (robust.length < maxListedSamples) robust.push(indices[i] ?? i);
    }
  }
  const pValue = mcnemarExact(newlyBroken, newlyRobust);
  const baseRate = n ? baseCorrect / n : 0;
  const candidateRate = n ? candidateCorrect / n : 0;
  return {
    samples: n, base: baseRate, candidate: candidateRate, delta: candidateRate - baseRate,
    newlyBroken, newlyRobust, newlyBrokenSamples: broken, newlyRobustSamples: robust,
    pValue, verdict: rowVerdict(newlyBroken, newlyRobust, pValue, alpha),
  };
}

/** Logical AND of equal-length outcome strings (a sample survives only if it survives all). */
function allOf(strings: string[]): string {
  if (strings.length === 0) return '';
  return Array.from(strings[0]!, (_, i) => (strings.every((entry) => entry[i] === '1') ? '1' : '0')).join('');
}

function attackRows(base: SuiteReport, candidate: SuiteReport, alpha: number): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const indices = candidate.outcomes.indices;
  for (const attack of base.attacks) {
    const baseOutcomes = base.outcomes.attacks[attack.id] ?? {};
    const candidateOutcomes = candidate.outcomes.attacks[attack.id] ?? {};
    for (const result of attack.results) {
      const budget = result.epsilon ?? result.severity!;
      const key = String(budget);
      if (baseOutcomes[key] === undefined || candidateOutcomes[key] === undefined) continue;
      rows.push({
        kind: 'attack', attack: attack.id, ...(attack.norm ? { norm: attack.norm } : {}), budget, budgetKind: attack.budgetKind,
        ...compareOutcomes(baseOutcomes[key]!, candidateOutcomes[key]!, indices, alpha),
      });
    }
  }
  return rows;
}

function worstCaseRows(base: SuiteReport, candidate: SuiteReport, alpha: number): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  // A worst case over a single attack repeats that attack's row.
  for (const entry of base.worstCase.filter((group) => group.attacks.length > 1)) {
    const key = String(entry.epsilon);
    const pick = (report: SuiteReport) => entry.attacks.map((id) => report.outcomes.attacks[id]?.[key]);
    const baseStrings = pick(base);
    const candidateStrings = pick(candidate);
    if ([...baseStrings, ...candidateStrings].some((value) => value === undefined)) continue;
    rows.push({
      kind: 'worst-case', norm: entry.norm, budget: entry.epsilon, budgetKind: 'epsilon',
      ...compareOutcomes(allOf(baseStrings as string[]), allOf(candidateStrings as string[]), candidate.outcomes.indices, alpha),
    });
  }
  return rows;
}

/**
 * Compares a candidate run with a baseline of the same suite, sample by sample. Refuses (with
 * `comparable: false` and every difference named) runs on different data or samples, with
 * different seeds, or with different attack settings: their outcomes are not paired.
 *
 * @param alpha - significance level of each row's McNemar test (default 0.05)
 */
export function compareReports(base: SuiteReport, candidate: SuiteReport, options: { alpha?: number; source?: string } = {}): BaselineComparison {
  const alpha = options.alpha ?? defaultAlpha;
  const { differences, notes } = describeDifferences(base, candidate);
  const header = {
    ...(options.source !== undefined ? { source: options.source } : {}),
    base: { suiteId: base.suite.id, startedAt: base.startedAt, modelSha256: base.model.sha256, toolVersion: base.tool.version },
    differences, notes, alpha,
  };
  if (differences.length > 0) return { ...header, comparable: false, rows: [], verdict: 'incomparable' };
  const rows: ComparisonRow[] = [
    { kind: 'clean', ...compareOutcomes(base.outcomes.clean, candidate.outcomes.clean, candidate.outcomes.indices, alpha) },
    ...attackRows(base, candidate, alpha),
    ...worstCaseRows(base, candidate, alpha),
  ];
  const verdict = rows.reduce<RowVerdict>((worst, row) => (severity[row.verdict] > severity[worst] ? row.verdict : worst), 'unchanged');
  return { ...header, comparable: true, rows, verdict };
}

/** The comparison recorded when `--baseline` has no report for a suite. */
export function missingBaseline(source: string, suiteId: string): BaselineComparison {
  return {
    source, base: { suiteId, startedAt: '', modelSha256: '', toolVersion: '' }, comparable: false,
    differences: [`no baseline report for suite "${suiteId}" in ${source}`], notes: [], alpha: defaultAlpha, rows: [], verdict: 'incomparable',
  };
}
