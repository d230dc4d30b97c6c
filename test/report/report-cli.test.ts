import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy } from '../../src/data/npy.js';
import { decodeNpz } from '../../src/data/npz.js';
import { loadClassifier } from '../../src/model/load-model.js';
import { parseEventLog } from '../../src/report/event-log.js';
import { checkReport } from '../../src/report/read-report.js';
import type { SuiteReport } from '../../src/report/report-types.js';
import { loadSuite } from '../../src/suite/index.js';
import { createFixtureProject, fixtureSuite, runCli, type CliResult, withoutRunStatus } from '../helpers/cli-fixture.js';

let project: Awaited<ReturnType<typeof createFixtureProject>>;
let run: CliResult;
const stepSummary = () => join(project.dir, 'step-summary.md');
const out = (...parts: string[]) => join(project.dir, 'out', ...parts);
const read = (path: string) => readFileSync(path, 'utf8');

/** One run of the fixture project with the default reporters, a failing threshold and exports. */
beforeAll(async () => {
  project = await createFixtureProject();
  project.writeSuite('tiny.suite.json', fixtureSuite({
    model: { path: 'models/mlp/model.json', classNames: ['cat', 'dog', 'bird'] },
    thresholds: [{ metric: 'clean-accuracy', min: 0.5 }, { metric: 'robust-accuracy', attack: 'pgd', epsilon: 0.1, min: 0.9 }],
    confidence: 0.95,
  }));
  writeFileSync(stepSummary(), '# earlier step\n');
  run = runCli(['run', 'tiny.suite.json', '--out', 'out', '--save-adversarials'], project.dir, { GITHUB_STEP_SUMMARY: stepSummary() });
});

describe('robustcheck run: report files', () => {
  it('a default run writes report.json, junit.xml, summary.md, report.html, events.ndjson and summary.json', () => {
    expect(withoutRunStatus(run.stderr)).toBe('');
    expect(run.code).toBe(1);
    for (const file of ['tiny/report.json', 'tiny/junit.xml', 'tiny/summary.md', 'tiny/report.html', 'events.ndjson', 'summary.json']) {
      expect(existsSync(out(file)), file).toBe(true);
    }
    expect(() => checkReport(JSON.parse(read(out('tiny', 'report.json'))), 'report.json')).not.toThrow();
  });

  it('junit.xml of a failing run reports the failing threshold as a failure with actual vs expected', () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(read(out('tiny', 'junit.xml')));
    const suite = xml.testsuites.testsuite;
    const failures = (suite.testcase as { name: string; failure?: { message: string; type: string } }[]).filter((entry) => entry.failure);
    expect(Number(suite.failures)).toBe(1);
    expect(failures.map((entry) => entry.name)).toEqual(['robust-accuracy pgd ε=0.1 ≥ 90.0%']);
    expect(failures[0]!.failure!.message).toMatch(/^fail: actual \d+\.\d% \(CI \d+\.\d%–\d+\.\d%\), expected ≥ 90\.0%$/);
    expect(failures[0]!.failure!.type).toBe('threshold-fail');
  });

  it('appends summary.md to $GITHUB_STEP_SUMMARY, keeping what was there', () => {
    const summary = read(stepSummary());
    expect(summary.startsWith('# earlier step\n')).toBe(true);
    expect(summary).toContain(read(out('tiny', 'summary.md')));
    expect(summary).toMatch(/\| ❌ fail \| robust-accuracy pgd ε=0\.1 ≥ 90\.0% \|/);
  });
});

describe('robustcheck report render', () => {
  it('rebuilds every file report from events.ndjson, byte for byte', () => {
    const result = runCli(['report', 'render', 'out/events.ndjson', '--out', 'rendered'], project.dir);
    expect(result.code).toBe(0);
    for (const file of ['tiny/report.json', 'tiny/junit.xml', 'tiny/summary.md', 'tiny/report.html', 'events.ndjson', 'summary.json']) {
      expect(read(join(project.dir, 'rendered', file)), file).toBe(read(out(file)));
    }
  });

  it('--reporter narrows the formats', () => {
    expect(runCli(['report', 'render', 'out/events.ndjson', '--reporter', 'junit', '--out', 'junit-only'], project.dir).code).toBe(0);
    expect(existsSync(join(project.dir, 'junit-only', 'tiny', 'junit.xml'))).toBe(true);
    expect(existsSync(join(project.dir, 'junit-only', 'tiny', 'report.html'))).toBe(false);
  });

  it('refuses an invalid event log with exit 2 and the line, writing nothing', () => {
    const lines = read(out('events.ndjson')).trimEnd().split('\n');
    writeFileSync(join(project.dir, 'bad.ndjson'), `${[lines[0]!, '{oops', ...lines.slice(1)].join('\n')}\n`);
    const result = runCli(['report', 'render', 'bad.ndjson', '--out', 'bad-out'], project.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.ndjson:2 is not valid JSON/);
    expect(existsSync(join(project.dir, 'bad-out'))).toBe(false);
  });

  it.each([
    ['an unknown event version', (lines: string[]) => [lines[0]!.replace('"version":1', '"version":99'), ...lines.slice(1)], /:1: event log version 99 is not supported/],
    ['a suite id that would leave the output folder', (lines: string[]) => lines.map((line) => line.replaceAll('"tiny"', '"../../escape"')), /:1: malformed run:start event: \/suites\/0 must match pattern/],
    ['a log without run:start', (lines: string[]) => lines.slice(1), /:1: an event log starts with run:start/],
    ['an unknown event type', (lines: string[]) => [...lines, '{"type":"constructor"}'], /unknown event type "constructor"/],
    ['a suite:end whose report is not a valid report', (lines: string[]) => lines.map((line) => (line.startsWith('{"type":"suite:end"') ? line.replace('"verdict":"fail"', '"verdict":"maybe"') : line)), /suite:end report.*not a valid robustcheck report/],
  ])('parseEventLog refuses %s', (_name, edit, message) => {
    const lines = read(out('events.ndjson')).trimEnd().split('\n');
    expect(() => parseEventLog(edit(lines).join('\n'), 'bad.ndjson')).toThrow(message);
  });
});

describe('--save-adversarials', () => {
  it('saves exactly the evaluated inputs: the model re-predicts the saved predictions, outcomes match, ‖δ‖∞ ≤ ε', async () => {
    const report = JSON.parse(read(out('tiny', 'report.json'))) as SuiteReport;
    const manifest = JSON.parse(read(out('tiny', 'adversarials', 'adversarials.json')));
    expect(manifest.cases).toHaveLength(6);
    const suite = await loadSuite(join(project.dir, 'tiny.suite.json'));
    const { classifier } = await loadClassifier(suite.model);
    const clean = decodeNpz(new Uint8Array(readFileSync(join(project.dir, 'data', 'tiny.npz')))).x!.values as Float32Array;
    const before = tf.memory().numTensors;
    for (const entry of manifest.cases as { attack: string; budget: number; count: number; files: Record<string, { path: string }> }[]) {
      const load = (name: string) => decodeNpy(new Uint8Array(readFileSync(out('tiny', 'adversarials', entry.files[name]!.path))));
      const adversarial = load('adversarial');
      const indices = Array.from(load('indices').values);
      const predictions = Array.from(load('predictions').values);
      expect(adversarial.dtype).toBe('float32');
      expect(adversarial.shape).toEqual([entry.count, 4, 4, 1]);
      const predicted = tf.tidy(() => Array.from(classifier.logits(tf.tensor(adversarial.values, adversarial.shape)).argMax(1).dataSync()));
      expect(predicted).toEqual(predictions);
      const attack = report.attacks.find((candidate) => candidate.id === entry.attack)!;
      const outcome = report.outcomes.attacks[entry.attack]![String(entry.budget)]!;
      indices.forEach((index, row) => {
        const position = report.outcomes.indices.indexOf(index);
        expect(outcome[position]).toBe(predictions[row] === report.outcomes.labels[position] ? '1' : '0');
        if (attack.norm === 'linf') {
          const delta = Math.max(...Array.from({ length: 16 }, (_, k) => Math.abs(adversarial.values[row * 16 + k]! - clean[index * 16 + k]!)));
          expect(delta).toBeLessThanOrEqual(entry.budget + 1e-6);
        }
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    classifier.dispose();
  });

  it('--save-adversarials DIR writes to DIR/<suite-id>/', () => {
    const result = runCli(['run', 'tiny.suite.json', '--out', 'out-dir', '--reporter', 'json', '--limit', '10', '--save-adversarials', 'exports'], project.dir);
    expect(result.code).not.toBe(2);
    expect(existsSync(join(project.dir, 'exports', 'tiny', 'adversarials.json'))).toBe(true);
    expect(existsSync(join(project.dir, 'exports', 'tiny', 'fgsm', 'eps-0.02', 'adversarial.npy'))).toBe(true);
  });
});
