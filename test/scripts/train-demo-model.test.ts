import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const dataset = '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz';
const script = resolve(import.meta.dirname, '../../dist/scripts/train-demo-model.js');

describe('demo training script (smoke)', () => {
  it.skipIf(!existsSync(dataset))('trains on 512 images for one epoch and writes a model and data', () => {
    const result = spawnSync(process.execPath, [script, '--smoke'], { encoding: 'utf8', timeout: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/epoch 1\/1: loss \d/);
    const match = /test accuracy ([\d.]+) on 1000 images; wrote (\S+) and (\S+)/.exec(result.stdout);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThan(0.3); // far above chance (0.1) after one short epoch
    expect(existsSync(resolve(match![2]!, 'model.json'))).toBe(true);
    expect(existsSync(resolve(match![3]!, 'fashion-mnist-test-1k.npz'))).toBe(true);
  });
});
