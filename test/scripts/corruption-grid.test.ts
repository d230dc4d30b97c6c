import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { attackRegistry } from '../../attacks/registry.js';
import { decodeNpz } from '../../src/data/npz.js';

/** `node dist/scripts/corruption-grid.js` writes one readable grid per noise/corruption type. */
const script = resolve(import.meta.dirname, '../../dist/scripts/corruption-grid.js');
const out = mkdtempSync(join(tmpdir(), 'robustcheck-grid-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('corruption grid script', () => {
  it('writes a PNG per perturbation: clean image first, then five visibly different columns', () => {
    const result = spawnSync(process.execPath, [script, '--out', out, '--images', '2', '--scale', '1'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const types = Object.values(attackRegistry).filter((d) => d.kind === 'noise' || d.kind === 'corruption').map((d) => d.type);
    expect(result.stdout).toContain(`wrote ${types.length} grids`);
    const data = decodeNpz(new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../suites/data/fashion-mnist-test-1k.npz'))), ['x', 'y']);
    const firstTshirt = Array.from(data.y!.values).indexOf(0);
    const cell = (png: PNG, row: number, column: number) => Array.from({ length: 784 }, (_, p) => png.data[((row * 30 + 2 + Math.floor(p / 28)) * png.width + column * 30 + 2 + (p % 28)) * 4]!);
    for (const type of types) {
      const png = PNG.sync.read(readFileSync(join(out, `${type}.png`)));
      expect([png.width, png.height]).toEqual([6 * 30 + 2, 2 * 30 + 2]);
      expect(cell(png, 0, 0)).toEqual(Array.from(data.x!.values.slice(firstTshirt * 784, (firstTshirt + 1) * 784)));
      for (let column = 1; column <= 5; column++) expect(cell(png, 0, column), `${type} column ${column}`).not.toEqual(cell(png, 0, 0));
    }
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('(salt-pepper.png): ε (l0) 7, 15, 23, 39, 54');
  });
});
