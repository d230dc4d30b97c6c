import type { AdversarialExample, CaseResult, SuiteReport } from '../../src/report/report-types.js';
import type { RunEvent } from '../../src/events/run-event.js';

const stats = (max: number) => ({ mean: max / 2, median: max / 2, max });

/** A case result with the given robust accuracy out of `samples`. */
export function caseResult(epsilon: number, robustCount: number, samples: number, extra: Partial<CaseResult> = {}): CaseResult {
  return {
    epsilon, robustAccuracy: robustCount / samples, robustCount, ci95: [Math.max(0, robustCount / samples - 0.1), Math.min(1, robustCount / samples + 0.1)],
    attackSuccessRate: 1 - robustCount / samples, attacked: samples, perturbation: { l0: stats(16), l2: stats(epsilon * 4), linf: stats(epsilon) },
    durationMs: 100, samplesPerSecond: samples * 10, ...extra,
  };
}

/** A 2×2 image pair: clean, adversarial and perturbation bytes in base64 with known values. */
export function example(overrides: Partial<AdversarialExample> = {}): AdversarialExample {
  const b64 = (values: number[]) => Buffer.from(Uint8Array.from(values)).toString('base64');
  return {
    index: 3, label: 1, cleanPrediction: 1, adversarialPrediction: 2, cleanConfidence: 0.97, adversarialConfidence: 0.61,
    shape: [2, 2, 1], clean: b64([0, 255, 128, 64]), adversarial: b64([10, 245, 138, 54]), perturbation: b64([255, 1, 255, 1]),
    perturbationMax: 0.04, saliency: b64([0, 0, 255, 255]), ...overrides,
  };
}

/**
 * A complete report of 10 samples over 3 classes: fgsm at ε 0.01/0.1, noise at ε 0.5, with
 * per-sample outcomes consistent with the robust counts.
 */
export function makeReport(overrides: Partial<SuiteReport> = {}): SuiteReport {
  const samples = 10;
  return {
    schemaVersion: 1, tool: { name: 'robustcheck', version: '0.1.0' },
    suite: { id: 'tiny', path: 'suites/tiny.suite.json', sha256: 'ab' },
    model: { path: 'models/m/model.json', format: 'layers', sha256: 'cd', outputKind: 'logits', inputShape: [2, 2, 1], numClasses: 3, classNames: ['cat', 'dog', 'bird'] },
    data: { path: 'data/tiny.npz', size: 10, labels: 'file' },
    environment: { backend: 'wasm', backendReason: 'requested', skippedBackends: [], tfjsVersion: '4.22.0', node: 'v20', platform: 'linux-x64', cpu: 'test × 2' },
    seed: 7, startedAt: '2025-01-02T03:04:05.000Z', durationMs: 1234, complete: true, samples,
    clean: { accuracy: 0.9, correct: 9, ci95: [0.6, 0.98] },
    attacks: [
      { id: 'fgsm', type: 'fgsm', norm: 'linf', budgetKind: 'epsilon', params: {}, results: [caseResult(0.01, 8, samples, { examples: [example(), example({ index: 5, adversarialPrediction: 1 })] }), caseResult(0.1, 3, samples)] },
      { id: 'noise', type: 'gaussian-noise', norm: 'l2', budgetKind: 'epsilon', params: {}, results: [caseResult(0.5, 9, samples)] },
    ],
    worstCase: [{ norm: 'linf', epsilon: 0.01, robustAccuracy: 0.8, robustCount: 8, ci95: [0.5, 0.95], attacks: ['fgsm'] }, { norm: 'linf', epsilon: 0.1, robustAccuracy: 0.3, robustCount: 3, ci95: [0.1, 0.6], attacks: ['fgsm'] }],
    score: 64.8,
    sanityChecks: [{ id: 'input-gradients', status: 'pass', message: 'every sample has a non-zero input gradient' }, { id: 'monotone-in-epsilon', status: 'warn', message: 'robust accuracy rises with ε for noise' }],
    thresholds: [{ metric: 'clean-accuracy', expected: { min: 0.85 }, actual: 0.9, status: 'inconclusive', reason: 'clean accuracy 90.0% straddles 85.0%' }],
    outcomes: {
      indices: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], labels: [0, 0, 0, 1, 1, 1, 1, 2, 2, 2],
      clean: '1111111110', attacks: { fgsm: { '0.01': '1111111100', '0.1': '1001001000' }, noise: { '0.5': '1111111110' } },
    },
    verdict: 'fail', exitCode: 1, ...overrides,
  };
}

/** An event with the time it arrived (ms). */
export interface TimedEvent {
  event: RunEvent;
  at: number;
}

const backend = { backend: 'wasm', reason: 'fastest available without a native binding', skipped: [] };

/**
 * A crafted stream of a two-suite run: `tiny` (two attacks, progress per batch) finishes, then
 * `other` fails with a suite error; the run ends with exit 1. Times advance 100 ms per event from
 * t = 1,000,000.
 */
export function craftedStream(): TimedEvent[] {
  const report = makeReport();
  const events: RunEvent[] = [
    { type: 'run:start', version: 1, tool: { name: 'robustcheck', version: '0.1.0' }, suites: ['tiny', 'other'], backend, time: '2025-01-02T03:04:05.000Z' },
    { type: 'suite:start', suiteId: 'tiny', path: 'suites/tiny.suite.json', samples: 10, time: '2025-01-02T03:04:05.000Z', attacks: [
      { id: 'fgsm', type: 'fgsm', norm: 'linf', budgets: [0.01, 0.1], budgetKind: 'epsilon' },
      { id: 'noise', type: 'gaussian-noise', norm: 'l2', budgets: [0.5], budgetKind: 'epsilon' },
    ] },
    { type: 'clean:end', suiteId: 'tiny', samples: 10, correct: 9, accuracy: 0.9, ci95: [0.6, 0.98] },
    { type: 'case:progress', suiteId: 'tiny', attackId: 'fgsm', budget: 0.01, done: 4, total: 9, robustSoFar: 4 },
    { type: 'case:progress', suiteId: 'tiny', attackId: 'fgsm', budget: 0.01, done: 9, total: 9, robustSoFar: 8 },
    { type: 'case:end', suiteId: 'tiny', attackId: 'fgsm', budget: 0.01, result: report.attacks[0]!.results[0]! },
    { type: 'case:progress', suiteId: 'tiny', attackId: 'fgsm', budget: 0.1, done: 8, total: 8, robustSoFar: 3 },
    { type: 'case:end', suiteId: 'tiny', attackId: 'fgsm', budget: 0.1, result: report.attacks[0]!.results[1]! },
    { type: 'case:progress', suiteId: 'tiny', attackId: 'noise', budget: 0.5, done: 9, total: 9, robustSoFar: 9 },
    { type: 'case:end', suiteId: 'tiny', attackId: 'noise', budget: 0.5, result: report.attacks[1]!.results[0]! },
    { type: 'suite:end', suiteId: 'tiny', report },
    { type: 'log', level: 'warn', message: 'model file changed since the last run', suiteId: 'other' },
    { type: 'suite:error', suiteId: 'other', path: 'suites/other.suite.json', error: { code: 'MODEL_MISSING', message: 'models/x/model.json not found' }, exitCode: 2 },
    { type: 'run:end', verdict: 'error', exitCode: 2, durationMs: 2500, suites: [{ id: 'tiny', verdict: 'fail', score: 64.8, exitCode: 1 }, { id: 'other', verdict: 'error', exitCode: 2 }] },
  ];
  return events.map((event, index) => ({ event, at: 1_000_000 + index * 100 }));
}

/** Removes ANSI escape sequences (frames compared as plain text). */
export function stripAnsi(text: string): string {
  return text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
}
