import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasTmux)('the terminal UI in a real terminal (tmux)', () => {
  it('runs the demo suite live, then opens it, its example viewer and quits in the explorer', () => {
    expect(existsSync(resolve(root, 'dist/src/cli/main.js'))).toBe(true); // `npm test` builds first
    const result = spawnSync('bash', [resolve(root, 'scripts/tmux-ui-check.sh')], { cwd: root, encoding: 'utf8', timeout: 420_000 });
    expect(result.stdout + result.stderr).toContain('tmux-ui-check: PASSED');
    expect(result.status).toBe(0);
  }, 450_000);
});
