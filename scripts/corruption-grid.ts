/**
 * Writes one PNG grid per noise and corruption type so a person can look at what each severity or
 * ε does: rows are demo images (Fashion-MNIST test images of different classes), the first column
 * is the clean image, then one column per severity 1–5 (corruptions) or per ε (noise, the values
 * in `noiseColumns`). Perturbations run exactly as in a suite (seeded draws keyed by the type and
 * the image's dataset index, the runner's projection), with one draw per image. Also writes
 * `README.md` in the output folder listing every grid and its columns.
 *
 * Usage: node dist/scripts/corruption-grid.js [--out DIR] [--images N] [--scale K] [--seed S]
 *   --out     output folder (default docs/corruptions)
 *   --images  rows, one image per class in class order (default 5, at most 10)
 *   --scale   pixels per image pixel in the PNG (default 2)
 *   --seed    suite seed of the random draws (default 1234, the demo suite's)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { createAttackContext } from '../attacks/core/attack-context.js';
import { withDefaults } from '../attacks/core/define-attack.js';
import { attackRegistry } from '../attacks/registry.js';
import type { AttackDefinition } from '../attacks/types.js';
import { decodeNpz } from '../src/data/npz.js';
import type { Classifier } from '../src/model/classifier.js';
import { selectBackend } from '../src/model/backend.js';
import type { Norm } from '../src/tensor/norms.js';

/** Columns of the noise grids: a norm and five ε in input units (inputs in [0, 1]). */
export const noiseColumns: Record<string, { norm: Norm; epsilons: number[] }> = {
  // ε = σ·√784 for CIFAR-10-C's Gaussian-noise σ = .04, .06, .08, .09, .10 on 28×28 images.
  'gaussian-noise': { norm: 'l2', epsilons: [1.12, 1.68, 2.24, 2.52, 2.8] },
  'uniform-noise': { norm: 'linf', epsilons: [0.05, 0.1, 0.15, 0.2, 0.3] },
  // ε = ⌊p·784⌋ for CIFAR-10-C's impulse-noise fractions p = .01, .02, .03, .05, .07.
  'salt-pepper': { norm: 'l0', epsilons: [7, 15, 23, 39, 54] },
};

/** Images `[n, h, w, c]` in [0, 1] with their dataset indices. */
export interface GridImages { values: Float32Array; shape: [number, number, number, number]; indices: number[] }

/** The budgets of a perturbation's columns, or `undefined` when the script has none for it. */
function columnsOf(definition: AttackDefinition): { norm: Norm; budgets: number[] } | undefined {
  if (definition.budget === 'severities') return { norm: 'linf', budgets: [1, 2, 3, 4, 5] };
  const columns = noiseColumns[definition.type];
  return columns && { norm: columns.norm, budgets: columns.epsilons };
}

/** Applies one perturbation at one budget to every image, as the runner would (no model needed). */
function perturb(definition: AttackDefinition, images: GridImages, norm: Norm, budget: number, seed: number): Float32Array {
  const noModel = (): never => { throw new Error('the grid draws once per image; no model is needed'); };
  const classifier: Classifier = {
    inputShape: images.shape.slice(1), numClasses: 10, inputRange: [0, 1], outputKind: 'logits', format: 'layers',
    logits: noModel, rawOutput: noModel, dispose: () => undefined,
  };
  return tf.tidy(() => {
    const x = tf.tensor(images.values, images.shape);
    const context = createAttackContext({
      classifier, x, labels: tf.zeros([images.shape[0]], 'int32'), budget, budgetKind: definition.budget === 'epsilons' ? 'epsilon' : 'severity', norm,
      params: withDefaults(definition.params, { repeats: 1 }), seed, attackId: definition.type, sampleIndices: images.indices,
    });
    return context.project(definition.propose(context)).dataSync() as Float32Array;
  });
}

/** Lays out rows of images (clean column first) as a grayscale/RGB PNG with 2-pixel gaps. */
function renderGrid(columns: Float32Array[], shape: GridImages['shape'], scale: number): Buffer {
  const [n, h, w, c] = shape;
  const gap = 2;
  const cellW = w * scale;
  const cellH = h * scale;
  const png = new PNG({ width: columns.length * (cellW + gap) + gap, height: n * (cellH + gap) + gap });
  png.data.fill(160); // grey gaps
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255; // opaque: pngjs blends alpha into grey
  columns.forEach((values, column) => {
    for (let row = 0; row < n; row++) {
      for (let y = 0; y < cellH; y++) {
        for (let x = 0; x < cellW; x++) {
          const source = ((row * h + Math.floor(y / scale)) * w + Math.floor(x / scale)) * c;
          const target = ((row * (cellH + gap) + gap + y) * png.width + column * (cellW + gap) + gap + x) * 4;
          for (let k = 0; k < 3; k++) png.data[target + k] = Math.round(values[source + (c === 3 ? k : 0)]! * 255);
        }
      }
    }
  });
  return PNG.sync.write(png, { colorType: c === 3 ? 2 : 0 });
}

/**
 * Writes `<type>.png` for every noise and corruption type of the registry into `out`, plus a
 * README listing the columns. Returns the written file paths.
 */
export function writeCorruptionGrids(images: GridImages, out: string, options: { scale: number; seed: number }): string[] {
  mkdirSync(out, { recursive: true });
  const written: string[] = [];
  const lines = ['# Corruption and noise grids', '', 'Written by `node dist/scripts/corruption-grid.js`. Rows: Fashion-MNIST test images (dataset indices ' +
    `${images.indices.join(', ')}); first column: clean image; then one column per budget, with each type's default parameters ` +
    `(one random draw per image, seed ${options.seed}):`, ''];
  for (const definition of Object.values(attackRegistry)) {
    // Grids show input-independent perturbations only: noise and corruptions.
    if (definition.kind !== 'noise' && definition.kind !== 'corruption') continue;
    const columns = columnsOf(definition);
    if (!columns) continue;
    const perturbed = columns.budgets.map((budget) => perturb(definition, images, columns.norm, budget, options.seed));
    const file = join(out, `${definition.type}.png`);
    writeFileSync(file, renderGrid([images.values, ...perturbed], images.shape, options.scale));
    written.push(file);
    const unit = definition.budget === 'severities' ? 'severity' : `ε (${columns.norm})`;
    lines.push(`- [${definition.type}](${definition.type}.png): ${unit} ${columns.budgets.join(', ')} — ${definition.summary}`);
  }
  writeFileSync(join(out, 'README.md'), `${lines.join('\n')}\n`);
  return written;
}

/** The first image of each class 0, 1, …, `count − 1` from the bundled demo data. */
export function demoImages(count: number): GridImages {
  const path = fileURLToPath(new URL('../../suites/data/fashion-mnist-test-1k.npz', import.meta.url));
  const arrays = decodeNpz(new Uint8Array(readFileSync(path)), ['x', 'y']);
  const labels = arrays.y!.values;
  const indices = Array.from({ length: Math.min(count, 10) }, (_, label) => Array.from(labels).indexOf(label)).filter((index) => index >= 0);
  const values = new Float32Array(indices.length * 784);
  indices.forEach((index, row) => { for (let i = 0; i < 784; i++) values[row * 784 + i] = Number(arrays.x!.values[index * 784 + i]) / 255; });
  return { values, shape: [indices.length, 28, 28, 1], indices };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: 'docs/corruptions' }, images: { type: 'string', default: '5' }, scale: { type: 'string', default: '2' }, seed: { type: 'string', default: '1234' } },
  });
  await selectBackend('wasm');
  const written = writeCorruptionGrids(demoImages(Number(values.images)), values.out!, { scale: Number(values.scale), seed: Number(values.seed) });
  process.stdout.write(`wrote ${written.length} grids to ${values.out}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
