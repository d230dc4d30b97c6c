/**
 * examples/vitest/demo-model.test.ts is the test file a user would write: it imports
 * `robustcheck/vitest` (the built package, through package.json `exports`) and asserts the demo
 * CNN's robustness from a path and in memory, and that a weakened copy is caught. It runs here
 * with its own vitest config, in a fresh vitest process, as a user's project would run it.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** The environment without the variables of the vitest process running this test. */
function userEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS' && key !== 'TEST'));
}

describe('examples/vitest/demo-model.test.ts', () => {
  it('passes as a user would run it', () => {
    const result = spawnSync(process.execPath, [resolve(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'examples/vitest/vitest.config.ts', '--reporter', 'verbose'], {
      cwd: root, encoding: 'utf8', env: { ...userEnvironment(), CI: 'true' }, timeout: 240_000,
    });
    const output = (result.stdout + result.stderr).replace(/\x1b\[[0-9;]*m/g, '');
    expect(result.status, output).toBe(0);
    expect(output).toMatch(/Tests\s+3 passed \(3\)/);
    expect(output).toContain('is caught: it no longer clears the PGD floor');
  });
});
