import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-fixture.js';

const root = resolve(import.meta.dirname, '../..');

describe('bundled demo', () => {
  it('the demo suite validates and its files exist', () => {
    const result = runCli(['validate', 'suites/fashion-mnist.suite.json'], root);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/fashion-cnn.*3 attack\(s\), 9 case\(s\), 4 threshold\(s\)/);
  });

  it('the demo model reached the accuracy the README states on the full test set', () => {
    const training = JSON.parse(readFileSync(resolve(root, 'suites/models/fashion-cnn/training.json'), 'utf8'));
    expect(training.testSamples).toBe(10000);
    expect(training.testAccuracy).toBeGreaterThanOrEqual(0.88);
    expect(readFileSync(resolve(root, 'README.md'), 'utf8')).toContain(`${(training.testAccuracy * 100).toFixed(2)} %`);
  });

  it('runs end to end on the first 100 images (clean pass and every attack on the real CNN)', () => {
    const out = resolve(root, 'reports/.test-demo-limit');
    const result = runCli(['run', 'suites/fashion-mnist.suite.json', '--limit', '100', '--out', out], root);
    expect([0, 1]).toContain(result.code);
    const report = JSON.parse(readFileSync(resolve(out, 'fashion-cnn/report.json'), 'utf8'));
    expect(report).toMatchObject({ complete: true, samples: 100 });
    expect(report.clean.accuracy).toBeGreaterThan(0.85);
    expect(report.attacks.map((attack: { results: unknown[] }) => attack.results.length)).toEqual([3, 3, 3]);
    expect(report.model.outputKind).toBe('logits');
  });
});
