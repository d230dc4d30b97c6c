/**
 * Every CI recipe in docs/ci runs its own commands, locally, in a project that has robustcheck
 * installed as npm would install it: the workflow files are read, their steps executed in order
 * (see `workflow-runner.ts`), and the outcome checked — a passing suite passes, a failing one
 * fails the job, reports and step summaries land where the recipe says.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureSuite } from '../helpers/cli-fixture.js';
import { createUserProject, repoRoot, type UserProject } from '../api/user-project.js';
import { parseYaml } from './mini-yaml.js';
import { runJob, type StepOutcome } from './workflow-runner.js';

const recipe = (name: string) => parseYaml(readFileSync(join(repoRoot, 'docs/ci', name), 'utf8'));
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const cli = (args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist/src/cli/main.js'), ...args], { encoding: 'utf8' });
// `report merge` is another command's work; the sharded recipe's test waits for it.
const mergeAvailable = cli(['report', 'merge', '--help']).status === 0;

/** Outcomes that are not passed or skipped, with their output, for readable failures. */
const failures = (outcomes: StepOutcome[]) => outcomes.filter((step) => step.status === 'failed' || step.status === 'not-run');

/** A suite the fixture model cannot pass (clean accuracy is 0.9). */
const failingSuite = () => `${JSON.stringify(fixtureSuite({
  model: { path: '../models/mlp/model.json' }, data: { path: '../data/tiny.npz', batchSize: 16 }, thresholds: [{ metric: 'clean-accuracy', min: 0.99 }],
}), null, 2)}\n`;

/**
 * Report fields that depend on the machine or the clock, and ROC-AUC, which needs every sample's
 * probabilities and is not in a merged report.
 */
function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value)
    .filter(([key]) => !['durationMs', 'samplesPerSecond', 'startedAt', 'sanityProbe', 'shard', 'rocAuc'].includes(key))
    .map(([key, entry]) => [key, withoutTimes(entry)]));
}

let project: UserProject;
let failing: UserProject;

beforeAll(async () => {
  project = await createUserProject();
  failing = await createUserProject();
  failing.write('suites/tiny.suite.json', failingSuite());
});

/** The single-job recipe's report of the passing project (also the unsharded reference for the merge). */
let singleReport: Promise<Record<string, any>> | undefined;

function runSingleJob(): Promise<Record<string, any>> {
  singleReport ??= (async () => {
    const summary = project.write('step-summary-single.md', '');
    const outcomes = await runJob(project, recipe('github-actions.yml'), 'robustcheck', {}, { GITHUB_STEP_SUMMARY: summary });
    expect(failures(outcomes), JSON.stringify(outcomes, null, 1)).toEqual([]);
    expect(outcomes.filter((step) => step.status === 'skipped').map((step) => step.label)).toContain('npm ci');
    expect(readFileSync(summary, 'utf8')).toContain('tiny');
    return readJson(join(project.dir, '.artifacts/robustcheck-reports/tiny/report.json'));
  })();
  return singleReport;
}

/** Runs the sharded recipe's matrix side by side, as GitHub does. */
async function runShards(target: UserProject, workflow: ReturnType<typeof recipe>): Promise<StepOutcome[][]> {
  const shards = ((workflow as any).jobs.shard.strategy.matrix.shard as string[]);
  expect(shards.length).toBeGreaterThan(1);
  return Promise.all(shards.map((shard) => runJob(target, workflow, 'shard', { 'matrix.shard': shard, 'strategy.job-total': String(shards.length) }, {})));
}

describe('GitHub Actions, single job (docs/ci/github-actions.yml)', () => {
  it('validates and runs the suites, appends the step summary and uploads the reports', async () => {
    const report = await runSingleJob();
    expect(report).toMatchObject({ verdict: 'pass', exitCode: 0, seed: 1234, samples: 60, complete: true });
  });

  it('fails the job when a threshold fails, and still uploads the reports', async () => {
    const outcomes = await runJob(failing, recipe('github-actions.yml'), 'robustcheck', {}, { GITHUB_STEP_SUMMARY: failing.write('summary.md', '') });
    expect(outcomes.find((step) => step.label === 'Run suites')).toMatchObject({ status: 'failed', code: 1 });
    expect(outcomes.find((step) => step.label === 'Upload reports')!.status).toBe('passed');
    expect(readJson(join(failing.dir, '.artifacts/robustcheck-reports/tiny/report.json')).verdict).toBe('fail');
  });
});

describe.skipIf(!mergeAvailable)('GitHub Actions, sharded matrix with merge (docs/ci/github-actions-sharded.yml)', () => {
  it('runs every shard, merges them into the unsharded result and gates on it', async () => {
    const unsharded = await runSingleJob();
    const workflow = recipe('github-actions-sharded.yml');
    for (const outcomes of await runShards(project, workflow)) expect(failures(outcomes), JSON.stringify(outcomes, null, 1)).toEqual([]);
    const summary = project.write('step-summary-merge.md', '');
    const merge = await runJob(project, workflow, 'merge', {}, { GITHUB_STEP_SUMMARY: summary });
    expect(failures(merge), JSON.stringify(merge, null, 1)).toEqual([]);
    expect(readFileSync(summary, 'utf8')).toContain('tiny');
    const merged = readJson(join(project.dir, '.artifacts/robustcheck-reports/tiny/report.json'));
    expect(withoutTimes(merged.attacks)).toEqual(withoutTimes(unsharded.attacks));
    expect(merged).toMatchObject({ samples: 60, verdict: 'pass', score: unsharded.score, clean: { accuracy: unsharded.clean.accuracy } });
  });

  it('lets shards whose own thresholds fail finish, and fails at the merge', async () => {
    const workflow = recipe('github-actions-sharded.yml');
    const shards = await runShards(failing, workflow);
    for (const outcomes of shards) expect(failures(outcomes), JSON.stringify(outcomes, null, 1)).toEqual([]);
    // A shard judges no threshold on its part of the samples: it says so and its job passes.
    expect(shards.every((outcomes) => /tiny: score [\d.]+ · PASS \(shard \d\/\d, not judged\)/.test(outcomes.find((step) => step.label.startsWith('Run shard'))!.output!))).toBe(true);
    const merge = await runJob(failing, workflow, 'merge', {}, { GITHUB_STEP_SUMMARY: failing.write('merge-summary.md', '') });
    expect(merge.find((step) => step.label === 'Merge shards and gate')).toMatchObject({ status: 'failed', code: 1 });
  });
});

describe('GitLab CI (docs/ci/gitlab-ci.yml)', () => {
  it('runs the job script and leaves the JUnit report where the artifacts section points', () => {
    const job = (recipe('gitlab-ci.yml') as any).robustness;
    const script = job.script as string[];
    expect(script[0]).toMatch(/^npm ci/);
    for (const command of script.slice(1)) {
      const result = project.sh(command.replace('--out reports', '--out reports-gitlab'), job.variables);
      expect(result.code, `${command}\n${result.stdout}${result.stderr}`).toBe(0);
    }
    const junitGlob = job.artifacts.reports.junit as string;
    expect(junitGlob).toBe('reports/*/junit.xml');
    const suites = readdirSync(join(project.dir, 'reports-gitlab'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(suites.map((entry) => entry.name)).toEqual(['tiny']);
    const junit = readFileSync(join(project.dir, 'reports-gitlab/tiny/junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites?[\s>]/);
    expect(junit).toMatch(/<testcase [^>]*clean-accuracy/);
  });
});

describe('pre-release check (scripts/pre-release-check.sh)', () => {
  const script = join(repoRoot, 'scripts/pre-release-check.sh');

  it('passes a passing suite and prints the hashes to record', () => {
    const result = project.sh(`bash ${script}`, { OUT: 'reports-release' });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('== PASS: ready to release');
    expect(result.stdout).toMatch(/tiny: PASS · score [\d.]+ · 60 samples\n {2}model .*model\.json sha256 [0-9a-f]{64}\n {2}data {2}.*tiny\.npz sha256 [0-9a-f]{64}/);
    expect(existsSync(join(project.dir, 'reports-release/tiny/report.json'))).toBe(true);
  });

  it('exits with the run\'s code when a suite fails', () => {
    const result = failing.sh(`bash ${script}`, { OUT: 'reports-release' });
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('tiny: FAIL');
    expect(result.stdout).toContain('== NOT READY (exit 1)');
  });

  it('stops with exit 2 before running anything when a suite is invalid', () => {
    const result = failing.sh(`bash ${script} suites/missing.suite.json`, { OUT: 'reports-invalid' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.suite.json');
    expect(existsSync(join(failing.dir, 'reports-invalid'))).toBe(false);
  });
});
