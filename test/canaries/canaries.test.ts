/**
 * Canary models (test/fixtures/canaries) run through the real CLI: each trips the sanity check
 * it was built for — and only that one (the rounding canary also trips C19, the second masking
 * detector) — and that check alone decides a non-zero exit under `checks.failOn`. The ordinary
 * model passes every check.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SuiteReport } from '../../src/report/report-types.js';
import { canaryKinds, writeCanaryData, writeCanaryModel, type CanaryKind } from '../fixtures/canaries/canary-models.js';
import { runCli, withoutRunStatus } from '../helpers/cli-fixture.js';
import { expectOneVerdict, verdictReporters } from './verdict-agreement.js';

let dir: string;
const reports = new Map<CanaryKind, SuiteReport>();

/** Runs the canary's suite (failOn as given) and checks its verdict is the same everywhere. */
function runCanary(kind: CanaryKind, failOn: 'fail' | 'warn', remedies: { autoSquare?: boolean; autoRand?: boolean } = {}): { code: number | null; report: SuiteReport } {
  const remedied = Object.keys(remedies).length > 0;
  const id = remedied ? `${kind}-remedied` : kind;
  // Remedy attacks run at published budgets (5,000 Square queries, 20 EOT draws): one ε and fewer samples keep them quick.
  const epsilons = remedied ? [0.2] : [0.1, 0.2, 0.3];
  writeFileSync(join(dir, `${id}.suite.json`), JSON.stringify({
    id, seed: 5, model: { path: `models/${kind}/model.json` }, data: { path: 'data/canary.npz', batchSize: 32 },
    attacks: [
      { id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons },
      { id: 'pgd', type: 'pgd', norm: 'linf', epsilons, steps: 10 },
    ],
    checks: { failOn, ...remedies },
  }));
  const out = join(dir, `out-${id}`);
  const limit = remedied ? ['--limit', '32'] : [];
  const result = runCli(['run', `${id}.suite.json`, '--out', out, ...limit, ...verdictReporters], dir);
  expect(withoutRunStatus(result.stderr)).toBe('');
  return { code: result.code, report: expectOneVerdict(result, out, id) };
}

const notPassing = (report: SuiteReport) => report.sanityChecks.filter((check) => check.status !== 'pass').map((check) => `${check.id}:${check.status}`);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'robustcheck-canaries-'));
  writeCanaryData(dir);
  for (const kind of canaryKinds) writeCanaryModel(join(dir, 'models', kind), kind);
});

describe('canary models on a real run', () => {
  it('ordinary model: every check passes, even under failOn "warn"; exit 0', () => {
    const { code, report } = runCanary('ordinary', 'warn');
    reports.set('ordinary', report);
    expect(code).toBe(0);
    expect(report.sanityChecks).toHaveLength(7);
    expect(notPassing(report)).toEqual([]);
    expect(report.sanityChecks.every((check) => check.applicable !== false)).toBe(true);
  });

  it('softmax output: only the probability check warns, and under failOn "warn" that fails the suite (exit 1)', () => {
    const { code, report } = runCanary('softmax', 'warn');
    expect(code).toBe(1);
    expect(report.model.outputKind).toBe('probabilities');
    expect(notPassing(report)).toEqual(['probability-outputs:warn']);
    // The attacks work on the log-probabilities: the same robust accuracies as the logits model.
    const ordinary = reports.get('ordinary')!;
    const curve = (entry: SuiteReport) => entry.attacks.map((attack) => attack.results.map((result) => result.robustAccuracy));
    expect(curve(report)).toEqual(curve(ordinary));
    expect(report.attacks.find((attack) => attack.id === 'pgd')!.results.at(-1)!.robustAccuracy).toBeLessThan(0.5);
    expect(report.verdict).toBe('fail');
    expect(report.thresholds).toEqual([]);
  });

  it('rounding input: zero gradients fail C15 (masking also shows in C19); exit 1 under failOn "fail"', () => {
    const { code, report } = runCanary('rounding', 'fail');
    expect(code).toBe(1);
    expect(notPassing(report)).toEqual(['input-gradients:fail', 'large-epsilon:fail']);
    expect(report.sanityChecks.find((check) => check.id === 'input-gradients')!.details).toMatchObject({ marginZero: 96, samples: 96 });
    // Without the checks this model would look perfectly robust: that is the point of them.
    expect(report.attacks.every((attack) => attack.results.every((result) => result.robustAccuracy === report.clean.accuracy))).toBe(true);
  });

  it('random layer: non-determinism fails C14 and nothing else fails; exit 1', () => {
    const { code, report } = runCanary('random', 'fail');
    expect(code).toBe(1);
    expect(report.sanityChecks.find((check) => check.id === 'deterministic-outputs')).toMatchObject({ status: 'fail' });
    // Its other results move with the noise from run to run, so only failures are pinned down.
    expect(report.sanityChecks.filter((check) => check.status === 'fail').map((check) => check.id)).toEqual(['deterministic-outputs']);
  });
});

describe('checks that add the attack a failing check calls for', () => {
  it('checks.autoSquare: on the rounding canary Square is added at the gradient attacks\' ε and breaks what they could not', () => {
    const { report } = runCanary('rounding', 'fail', { autoSquare: true });
    const square = report.attacks.find((attack) => attack.id === 'auto-square-linf')!;
    expect(square.type).toBe('square');
    expect(square.results.map((result) => result.epsilon)).toEqual([0.2]);
    const pgd = report.attacks.find((attack) => attack.id === 'pgd')!;
    expect(pgd.results.at(-1)!.robustAccuracy).toBe(report.clean.accuracy);
    expect(square.results.at(-1)!.robustAccuracy).toBeLessThan(report.clean.accuracy - 0.2);
    expect(square.results[0]!.queries!.samples).toBeGreaterThan(0);
    expect(report.sanityChecks.find((check) => check.id === 'input-gradients')!.message).toContain('auto-square-linf');
  });

  it('checks.autoRand: on the random canary AutoAttack rand (EOT) is added, and C14 warns instead of failing', () => {
    const { report } = runCanary('random', 'fail', { autoRand: true });
    const rand = report.attacks.find((attack) => attack.id === 'auto-autoattack-rand-linf')!;
    expect(rand.params).toMatchObject({ version: 'rand' });
    expect(rand.results[0]!.contributions!.map((entry) => entry.attack)).toEqual(['apgd-ce', 'apgd-dlr']);
    expect(report.sanityChecks.find((check) => check.id === 'deterministic-outputs')).toMatchObject({ status: 'warn' });
  });

  it('without them the failing checks say which attack to run and which setting adds it', () => {
    const rounding = runCanary('rounding', 'fail').report;
    expect(rounding.sanityChecks.find((check) => check.id === 'input-gradients')!.message).toMatch(/"square".*"autoSquare": true/);
    const random = runCanary('random', 'fail').report;
    expect(random.sanityChecks.find((check) => check.id === 'deterministic-outputs')!.message).toMatch(/"version": "rand".*"autoRand": true/);
  });
});

