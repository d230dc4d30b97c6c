/**
 * ROBUSTCHECK_BACKEND and ROBUSTCHECK_SEED: a flag on the command line wins over the variable,
 * the variable over the suite and the default, and an invalid value stops with exit 2 naming
 * the variable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readEnvOverrides } from '../../src/env-overrides.js';
import { createFixtureProject, fixtureSuite, runCli } from '../helpers/cli-fixture.js';

describe('readEnvOverrides', () => {
  it('reads valid values and ignores unset variables', () => {
    expect(readEnvOverrides({})).toEqual({});
    expect(readEnvOverrides({ ROBUSTCHECK_BACKEND: 'cpu', ROBUSTCHECK_SEED: '4294967295' })).toEqual({ backend: 'cpu', seed: 4294967295 });
  });

  it.each([
    [{ ROBUSTCHECK_BACKEND: 'gpu' }, /ROBUSTCHECK_BACKEND="gpu" is not a backend: use one of auto, tensorflow, webgpu, wasm, cpu/],
    [{ ROBUSTCHECK_SEED: 'abc' }, /ROBUSTCHECK_SEED="abc" is not a seed/],
    [{ ROBUSTCHECK_SEED: '-1' }, /ROBUSTCHECK_SEED="-1"/],
    [{ ROBUSTCHECK_SEED: '1.5' }, /ROBUSTCHECK_SEED="1.5"/],
    [{ ROBUSTCHECK_SEED: '4294967296' }, /ROBUSTCHECK_SEED="4294967296"/],
  ])('refuses %j with an error naming the variable', (env, message) => {
    const error = (() => { try { readEnvOverrides(env); } catch (caught) { return caught; } })();
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code: 'BAD_ENV', exitCode: 2 });
    expect((error as Error).message).toMatch(message);
  });
});

describe('robustcheck run with ROBUSTCHECK_* variables', () => {
  let project: Awaited<ReturnType<typeof createFixtureProject>>;
  let suite: string;
  beforeAll(async () => {
    project = await createFixtureProject();
    suite = project.writeSuite('tiny.suite.json', fixtureSuite({ attacks: [{ id: 'fgsm', type: 'fgsm', epsilons: [0.05] }] }));
  });
  const report = (out: string) => JSON.parse(readFileSync(join(project.dir, out, 'tiny/report.json'), 'utf8'));

  it('uses the variables over the suite and the defaults', () => {
    const result = runCli(['run', suite, '--limit', '10', '--reporter', 'json', '--out', 'env'], project.dir, { ROBUSTCHECK_SEED: '11', ROBUSTCHECK_BACKEND: 'cpu' });
    expect(result.code, result.stderr).toBe(0);
    expect(report('env')).toMatchObject({ seed: 11, environment: { backend: 'cpu' } });
  });

  it('lets flags win over the variables', () => {
    const result = runCli(['run', suite, '--limit', '10', '--reporter', 'json', '--out', 'flags', '--seed', '12', '--backend', 'wasm'], project.dir,
      { ROBUSTCHECK_SEED: '11', ROBUSTCHECK_BACKEND: 'cpu' });
    expect(result.code, result.stderr).toBe(0);
    expect(report('flags')).toMatchObject({ seed: 12, environment: { backend: 'wasm' } });
  });

  it.each([
    [{ ROBUSTCHECK_SEED: 'abc' }, "value 'abc' from env 'ROBUSTCHECK_SEED' is invalid"],
    [{ ROBUSTCHECK_BACKEND: 'gpu' }, "value 'gpu' from env 'ROBUSTCHECK_BACKEND' is invalid. Allowed choices are auto, tensorflow, webgpu, wasm, cpu"],
  ])('stops with exit 2 naming the variable for %j', (env, message) => {
    const result = runCli(['run', suite, '--out', 'bad'], project.dir, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
