/**
 * The README's `toBeRobust` example, copied from README.md as written and run in a fresh vitest
 * process with vitest's default settings (no testTimeout of ours): a newcomer pasting it must see
 * it pass, not time out at vitest's 5 s default.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const folder = mkdtempSync(join(root, 'reports', 'readme-example-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function readmeExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!).find((code) => code.includes('toBeRobust'));
  if (!block) throw new Error('README.md has no ```ts block with toBeRobust');
  return block;
}

describe('README: robustcheck/vitest example', () => {
  it('passes as written under vitest defaults', () => {
    writeFileSync(join(folder, 'readme.test.ts'), readmeExample());
    // Only `root` and `include`: every other setting (testTimeout included) is vitest's default.
    writeFileSync(join(folder, 'vitest.config.mjs'), `export default { test: { root: ${JSON.stringify(root)}, include: [${JSON.stringify(`${relative(root, folder)}/*.test.ts`)}] } };\n`);
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS' && key !== 'TEST'));
    const result = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', join(folder, 'vitest.config.mjs')], {
      cwd: root, encoding: 'utf8', env: { ...env, CI: 'true' },
    });
    const output = (result.stdout + result.stderr).replace(/\x1b\[[0-9;]*m/g, '');
    expect(result.status, output).toBe(0);
    expect(output).toMatch(/Tests\s+1 passed \(1\)/);
  }, 30 * 60_000);
});
