/**
 * `robustcheck init`: on the demo model and data it writes a suite that validates and runs green
 * (thresholds come from its baseline run); on the tiny MLP it picks the input range from the
 * data, falls back to predicted labels, and never overwrites without --force.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNpz } from '../../src/data/npz.js';
import { encodeNpy } from '../../src/data/npy.js';
import { createFixtureProject, runCli } from '../helpers/cli-fixture.js';

const root = resolve(import.meta.dirname, '../..');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('robustcheck init on the demo model and data', () => {
  it('writes a suite that validates and runs green', () => {
    const dir = mkdtempSync(join(tmpdir(), 'robustcheck-init-'));
    const suitePath = join(dir, 'starter.suite.json');
    const init = runCli(['init', '--model', 'suites/models/fashion-cnn/model.json', '--data', 'suites/data/fashion-mnist-test-1k.npz', '--out', suitePath, '--samples', '50'], root);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/layers model, input \[28, 28, 1\], 10 classes, logits output/);
    expect(init.stdout).toMatch(/1000 samples, values in \[0, 1\] → inputRange \[0, 1\]; labels: from the data/);

    const suite = readJson(suitePath);
    expect(resolve(dir, suite.$schema)).toBe(join(root, 'suites/suite.schema.json'));
    expect(suite).toMatchObject({ id: 'fashion-cnn', model: { inputRange: [0, 1] }, data: { labels: 'file', limit: 50 }, confidence: 0.95 });
    expect(suite.attacks.map((attack: { type: string }) => attack.type)).toEqual(['fgsm', 'pgd', 'gaussian-noise']);
    expect(suite.attacks[0].epsilons).toEqual([0.00392, 0.00784, 0.0157, 0.0314]);
    // L2 noise: an RMS of 4, 8, 16 grey levels per pixel over √784 = 28 pixels.
    expect(suite.attacks[2].epsilons).toEqual([0.439, 0.878, 1.76]);
    expect(suite.thresholds.map((threshold: { metric: string }) => threshold.metric)).toContain('clean-accuracy');
    expect(suite.thresholds.length).toBeGreaterThanOrEqual(3);

    const validate = runCli(['validate', suitePath], root);
    expect(validate.code, validate.stderr).toBe(0);
    const out = join(dir, 'reports');
    const run = runCli(['run', suitePath, '--out', out, '--reporter', 'plain,json'], root);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = readJson(join(out, 'fashion-cnn/report.json'));
    expect(report).toMatchObject({ verdict: 'pass', samples: 50, complete: true });
    expect(report.thresholds.every((threshold: { status: string }) => threshold.status === 'pass')).toBe(true);
  });
});

describe('robustcheck init on the tiny MLP', () => {
  let project: { dir: string };
  beforeAll(async () => {
    project = await createFixtureProject();
  });

  it('reads a 0–255 float range and unlabelled data, and writes suites/<id>.suite.json, where run finds it', () => {
    const arrays = decodeNpz(readFileSync(join(project.dir, 'data/tiny.npz')));
    const x = Float32Array.from(arrays.x!.values, (value) => value * 255);
    writeFileSync(join(project.dir, 'data/raw.npy'), encodeNpy(x, arrays.x!.shape));
    const init = runCli(['init', '--model', 'models/mlp/model.json', '--data', 'data/raw.npy', '--samples', '30'], project.dir);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain("labels: none found, using the model's predictions");
    // The baseline is not silent: the clean pass and every attack × budget as it ends.
    expect(init.stdout).toMatch(/measuring a baseline on 30 samples \(10 attack × budget cases/);
    expect(init.stdout).toMatch(/\[10\/10\] noise ε=/);
    const suitePath = join(project.dir, 'suites/mlp.suite.json');
    const suite = readJson(suitePath);
    expect(suite).toMatchObject({ id: 'mlp', model: { path: '../models/mlp/model.json', inputRange: [0, 255] }, data: { path: '../data/raw.npy', labels: 'predicted', limit: 30 } });
    // Labels are the model's own predictions: clean accuracy is 100 % by construction, so no gate on it.
    expect(suite.thresholds.map((threshold: { metric: string }) => threshold.metric)).not.toContain('clean-accuracy');
    // `run` with no suite argument finds it.
    const run = runCli(['run', '--reporter', 'json', '--out', 'out-found', '--limit', '20'], project.dir);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(project.dir, 'out-found', 'mlp', 'report.json'))).toBe(true);
    // One grey level of a 0–255 range is 1 input unit.
    expect(suite.attacks[0].epsilons).toEqual([1, 2, 4, 8]);
    expect(suite.$schema.endsWith('suites/suite.schema.json')).toBe(true);
    expect(existsSync(resolve(dirname(suitePath), suite.$schema))).toBe(true);
    expect(runCli(['validate', suitePath], project.dir).code).toBe(0);
  });

  it('refuses to overwrite a suite without --force (exit 2, nothing run)', () => {
    const target = join(project.dir, 'existing.suite.json');
    writeFileSync(target, '{}\n');
    const init = runCli(['init', '--model', 'models/mlp/model.json', '--data', 'data/tiny.npz', '--out', target], project.dir);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('existing.suite.json already exists; pass --force to replace it');
    expect(readFileSync(target, 'utf8')).toBe('{}\n');
    const forced = runCli(['init', '--model', 'models/mlp/model.json', '--data', 'data/tiny.npz', '--out', target, '--samples', '30', '--force'], project.dir);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readJson(target).id).toBe('mlp');
  });

  it('reports a missing model as a missing model, before an existing suite file or anything else', () => {
    writeFileSync(join(project.dir, 'taken.suite.json'), '{}\n');
    const init = runCli(['init', '--model', 'models/nope/model.json', '--data', 'data/tiny.npz', '--out', 'taken.suite.json'], project.dir);
    expect(init.code).toBe(2);
    expect(init.stderr).toMatch(/--model models\/nope\/model\.json: no such file or folder\. Give the model\.json of a tfjs LayersModel or GraphModel\./);
    expect(init.stderr).not.toMatch(/already exists|model\.path in the suite/);
    const data = runCli(['init', '--model', 'models/mlp', '--data', 'data/none.npz'], project.dir);
    expect(data.code).toBe(2);
    expect(data.stderr).toMatch(/--data data\/none\.npz: no such file or folder/);
  });

  it('refuses an --out that is not a *.suite.json file', () => {
    const init = runCli(['init', '--model', 'models/mlp/model.json', '--data', 'data/tiny.npz', '--out', 'starter.json'], project.dir);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('must name a *.suite.json file');
  });
});
