import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checkResult } from '../../src/metrics/sanity/types.js';
import { buildJunitXml } from '../../src/reporters/junit-reporter.js';
import { caseDetailText } from '../../src/view-text/explain.js';
import { createPlainReporter } from '../../src/reporters/plain-reporter.js';
import { createProgressLines, etaText } from '../../src/reporters/progress-lines.js';
import type { CaseResult, SuiteReport } from '../../src/report/report-types.js';
import { fixtureReport } from './helpers.js';

const progress = (done: number, total = 100) => ({ type: 'case:progress' as const, suiteId: 's', attackId: 'pgd', budget: 0.03, done, total, robustSoFar: done });

describe('progress lines of the plain reporter', () => {
  it('stay quiet in a short case; after 10 s speak at each quarter or after 10 s more, with samples/s and an ETA', () => {
    let now = 0;
    const lines = createProgressLines({ now: () => now });
    lines.reset();
    now = 1000;
    expect(lines.line(progress(10), 'pgd ε=0.03')).toBeUndefined();
    now = 9000;
    expect(lines.line(progress(30), 'pgd ε=0.03')).toBeUndefined();
    now = 10_000;
    expect(lines.line(progress(40), 'pgd ε=0.03')).toBe('  … pgd ε=0.03 40/100 samples (40%) · 4.0 samples/s · ETA 15 s');
    now = 12_000;
    expect(lines.line(progress(45), 'pgd ε=0.03')).toBeUndefined();
    now = 13_000;
    expect(lines.line(progress(50), 'pgd ε=0.03')).toMatch(/^ {2}… pgd ε=0\.03 50\/100 samples \(50%\)/);
    now = 23_500;
    expect(lines.line(progress(52), 'pgd ε=0.03')).toMatch(/^ {2}… pgd ε=0\.03 52\/100 samples \(52%\) · 2\.2 samples\/s · ETA 22 s$/);
    // The last batch says nothing: the case:end line follows at once.
    expect(lines.line(progress(100), 'pgd ε=0.03')).toBeUndefined();
  });

  it('formats ETAs in seconds, minutes and hours', () => {
    expect([etaText(4_400), etaText(65_000), etaText(3_725_000)]).toEqual(['4 s', '1m 05s', '1h 02m']);
  });

  it('are printed by the plain reporter between the case lines', () => {
    let text = '';
    const stdout = new Writable({ write(chunk, _encoding, done) { text += String(chunk); done(); } });
    let now = 0;
    const reporter = createPlainReporter({ outDir: '/unused', stdout, progress: { now: () => now } });
    reporter.onEvent({ type: 'suite:start', suiteId: 's', path: 's.suite.json', samples: 100, attacks: [{ id: 'pgd', type: 'pgd', norm: 'linf', budgets: [0.03], budgetKind: 'epsilon' }], time: '' });
    reporter.onEvent({ type: 'clean:end', suiteId: 's', samples: 100, correct: 90, accuracy: 0.9, ci95: [0.8, 0.95] });
    for (const done of [20, 40, 60, 80]) {
      now += 6000;
      reporter.onEvent(progress(done));
    }
    expect(text.match(/… pgd linf ε=0\.03 \d+\/100 samples/g)).toEqual(['… pgd linf ε=0.03 40/100 samples', '… pgd linf ε=0.03 60/100 samples', '… pgd linf ε=0.03 80/100 samples']);
  });
});

describe('numbers that explain themselves', () => {
  it('a budget where every sample was already broken says so, not a carried perturbation and 0 samples/s', () => {
    const empty = { attacked: 0, samplesPerSecond: 0, perturbation: { l0: stats(3), l2: stats(0.4), linf: stats(0.01) } } as unknown as CaseResult;
    expect(caseDetailText(empty)).toMatch(/^nothing left to attack: every sample was already broken at a smaller budget/);
    expect(caseDetailText(empty)).not.toMatch(/samples\/s|‖δ‖/);
    expect(caseDetailText({ ...empty, attacked: 5, samplesPerSecond: 12 })).toBe('‖δ‖∞ max 0.0100  ‖δ‖₂ mean 0.400  12 samples/s');
  });

  it('a sanity check with nothing to look at is skipped (n/a), never pass', () => {
    const meta = { id: 'monotone-in-epsilon', title: 't', reference: 'docs/reliability.md C16' };
    expect(checkResult(meta, 'pass', 'Not applicable: no ε attack has two or more budgets.', {}, false)).toMatchObject({ status: 'skipped', applicable: false });
    expect(checkResult(meta, 'pass', 'fine').status).toBe('pass');
  });

  it('JUnit: n/a checks are <skipped/>, passing thresholds carry actual vs expected', () => {
    const base = fixtureReport();
    const report: SuiteReport = {
      ...base,
      sanityChecks: [...base.sanityChecks.filter((check) => check.id !== 'monotone-in-epsilon'),
        { id: 'monotone-in-epsilon', status: 'skipped', applicable: false, message: 'Not applicable: no ε attack has two or more budgets.' }],
    };
    const xml = buildJunitXml(report);
    expect(xml).toMatch(/<testcase classname="robustcheck\.tiny\.sanity-checks" name="monotone-in-epsilon" time="0">\s*<skipped message="n\/a: Not applicable/);
    expect(xml).toMatch(/skipped="1"/);
    const passing = report.thresholds.find((threshold) => threshold.status === 'pass')!;
    expect(xml).toContain(`<system-out>pass: actual ${(passing.actual! * 100).toFixed(1)}%`);
  });
});

function stats(value: number) {
  return { mean: value, median: value, max: value };
}
