/**
 * The programmatic API as a user gets it: a project with robustcheck installed imports
 * `robustcheck` (the built `dist/`, through package.json `exports`), runs the demo suite with
 * `loadSuite` + `runSuites`, and gets the report and the events `robustcheck run` produces on the
 * same settings. Its TypeScript sees the published types, the vitest matcher included.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUserProject, repoRoot, type UserProject } from './user-project.js';

const demoSuite = join(repoRoot, 'suites/fashion-mnist.suite.json');
const limit = '20';

/** Fields that depend on the clock or on how work was paced (progress events), not on results. */
const volatileKeys = new Set(['time', 'startedAt', 'durationMs', 'samplesPerSecond', 'sanityProbe']);
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !volatileKeys.has(key)).map(([key, entry]) => [key, stable(entry)]));
}
const resultEvents = (events: { type: string }[]) => stable(events.filter((event) => event.type !== 'case:progress'));

const apiScript = `
import { writeFileSync } from 'node:fs';
import { loadSuite, runSuites, attacks, tool } from 'robustcheck';

const [suitePath, limit] = process.argv.slice(2);
const suite = await loadSuite(suitePath, { limit: Number(limit) });
const events = [];
const result = await runSuites([suite], { emit: (event) => events.push(event) });
writeFileSync('api-out.json', JSON.stringify({ result, events, attackTypes: Object.keys(attacks), tool }));
`;

const consumer = `
import { loadSuite, runSuites, attacks, InputError, ExitCode, type RunEvent, type SuiteReport } from 'robustcheck';
import { checkRobustness, robustMatchers, type RobustnessOptions } from 'robustcheck/vitest';
import { expect } from 'vitest';

expect.extend(robustMatchers);

export async function main(): Promise<number> {
  const suite = await loadSuite('suites/tiny.suite.json', { limit: 10 });
  const events: RunEvent[] = [];
  const result = await runSuites([suite], { emit: (event) => events.push(event) });
  const report: SuiteReport = result.reports[0]!;
  const steps: unknown = attacks.pgd?.params.steps?.default;
  const options: RobustnessOptions = { attack: 'pgd', norm: 'linf', epsilon: 0.03, minAccuracy: 0.5, data: 'data/tiny.npz' };
  await expect('models/mlp/model.json').toBeRobust(options);
  // @ts-expect-error minAccuracy is required
  await expect('models/mlp/model.json').toBeRobust({ attack: 'pgd', epsilon: 0.03, data: 'data/tiny.npz' });
  const checked = await checkRobustness('models/mlp/model.json', options);
  const code: number = checked.pass ? ExitCode.pass : report.exitCode;
  return code + (new InputError('SUITE_INVALID', 'y') instanceof Error ? 0 : 1) + (typeof steps === 'number' ? 0 : 1);
}
`;

let project: UserProject;

beforeAll(async () => {
  project = await createUserProject(['vitest']);
});

describe('import { loadSuite, runSuites } from "robustcheck"', () => {
  it('runs the demo suite with the same report and events as robustcheck run', async () => {
    project.write('api-run.mjs', apiScript);
    const [api, cli] = await Promise.all([
      project.shAsync(`node api-run.mjs ${demoSuite} ${limit}`),
      project.shAsync(`npx robustcheck run ${demoSuite} --limit ${limit} --ci --reporter json,ndjson --out cli-out`),
    ]);
    expect(api.code, api.stderr).toBe(0);
    expect([0, 1], cli.stderr).toContain(cli.code);
    const { result, events, attackTypes, tool } = JSON.parse(readFileSync(join(project.dir, 'api-out.json'), 'utf8'));
    const cliReport = JSON.parse(readFileSync(join(project.dir, 'cli-out/fashion-cnn/report.json'), 'utf8'));
    const cliEvents = readFileSync(join(project.dir, 'cli-out/events.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));

    expect(result.reports).toHaveLength(1);
    expect(result.exitCode).toBe(cli.code);
    expect(cliReport.samples).toBe(Number(limit));
    expect(stable(result.reports[0])).toEqual(stable(cliReport));
    expect(resultEvents(events)).toEqual(resultEvents(cliEvents));
    expect(attackTypes).toEqual(expect.arrayContaining(['fgsm', 'pgd', 'gaussian-noise']));
    expect(tool).toEqual({ name: 'robustcheck', version: JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version });
  });

  it('type-checks a consumer against the published types (exports, types, the vitest matcher augmentation)', () => {
    project.write('consumer.ts', consumer);
    project.write('tsconfig.json', JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true,
        types: ['node'], typeRoots: [join(repoRoot, 'node_modules/@types')],
      },
      files: ['consumer.ts'],
    }));
    const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project.dir, encoding: 'utf8' });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
  });

  it('refuses a deep import of an unexported path, as Node does for a user', () => {
    const result = project.sh(`node --input-type=module -e "await import('robustcheck/dist/src/runner/run-suite.js')"`);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});
