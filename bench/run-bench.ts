/**
 * `npm run bench`: attack throughput on every available backend, printed as a table and written
 * as JSON (default `reports/bench.json`).
 *
 * For FGSM and PGD (10 steps, L∞, no early stop so every step does full work) on the demo CNN and
 * a 784-256-256-10 MLP at batch 1/32/128/512: sample·steps/s, achieved GFLOP/s (see flops.ts for
 * the counting), tensors before/after (must be equal), peak RSS; then the demo suite end to end,
 * and — when Debian's python3-torch is installed — the same PGD-20 evaluation in PyTorch
 * (bench/pytorch_reference.py) beside ours.
 *
 * WebGPU is measured when `auto` finds a hardware adapter, or when named: `--backends webgpu,wasm`
 * (on Mesa's software renderer: correctness only, expect it slower than wasm).
 *
 * Usage: node dist/bench/run-bench.js [--backends webgpu,wasm,cpu] [--batches 1,32,128,512] [--out FILE]
 *        [--skip-e2e] [--skip-torch] [--quick]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { loadClassifier } from '../src/model/load-model.js';
import { selectBackend, type BackendSelection } from '../src/model/backend.js';
import { describeAdapter } from '../src/model/webgpu/adapter-info.js';
import { writeFileAtomic } from '../src/report/write-atomic.js';
import { forwardFlopsPerSample } from './flops.js';
import { measureAttack, type Measurement } from './measure-attack.js';
import { buildMlp, mlpClassifier } from './mlp.js';
import { comparePytorch, type TorchComparison } from './compare-pytorch.js';

const { values: options } = parseArgs({
  options: {
    backends: { type: 'string' },
    batches: { type: 'string', default: '1,32,128,512' },
    out: { type: 'string', default: 'reports/bench.json' },
    'skip-e2e': { type: 'boolean', default: false },
    'skip-torch': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
  },
});

const root = resolve(import.meta.dirname, '../..');
const demoModel = join(root, 'suites/models/fashion-cnn/model.json');

/**
 * Backends measured by default: whatever `auto` finds on a GPU (native TensorFlow, WebGPU on a
 * hardware adapter), native TensorFlow on the CPU, then wasm and cpu. WebGPU on a software
 * renderer (Mesa llvmpipe) is measured only when named in `--backends`: it is slower than wasm.
 */
async function availableBackends(): Promise<string[]> {
  if (options.backends) return options.backends.split(',');
  const found: string[] = [];
  const chosen = await selectBackend('auto');
  if (chosen.backend === 'tensorflow' || chosen.backend === 'webgpu') found.push(chosen.backend);
  if (chosen.skipped.some((entry) => entry.name === 'tensorflow') && chosen.backend !== 'tensorflow') found.push('tensorflow');
  found.push('wasm', 'cpu');
  return found;
}

/** Whether this backend computes on the CPU slowly enough that the bench does fewer PGD steps. */
function slowBackend(selection: BackendSelection): boolean {
  return selection.backend === 'cpu' || (selection.backend === 'webgpu' && selection.gpu === false);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padStart(widths[i]!)).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const batches = options.batches!.split(',').map(Number);
  const results: Measurement[] = [];
  for (const backend of await availableBackends()) {
    const selection = await selectBackend(backend);
    const slow = slowBackend(selection);
    if (selection.adapter) process.stdout.write(`webgpu adapter: ${describeAdapter(selection.adapter)}\n`);
    const cnn = await loadClassifier({ path: demoModel, inputRange: [0, 1], format: 'auto', output: 'auto' });
    const cnnFlops = forwardFlopsPerSample(await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: JSON.parse(readFileSync(demoModel, 'utf8')).modelTopology })));
    const mlpModel = buildMlp();
    const models = [
      { name: 'fashion-cnn', classifier: cnn.classifier, flops: cnnFlops },
      { name: 'mlp-784-256-256-10', classifier: mlpClassifier(mlpModel), flops: forwardFlopsPerSample(mlpModel) },
    ];
    for (const model of models) {
      for (const attack of ['fgsm', 'pgd'] as const) {
        for (const batch of batches) {
          // The pure-JS cpu backend (~10× slower) and software WebGPU: fewer repetitions keep the bench short.
          const budgetMs = options.quick || slow ? 1500 : 4000;
          results.push(measureAttack({
            backend, model: model.name, classifier: model.classifier, forwardFlops: model.flops, attack, batch, budgetMs,
            pgdSteps: slow ? 2 : undefined,
          }));
        }
      }
    }
    cnn.classifier.dispose();
    mlpModel.dispose();
  }
  const rows = [['backend', 'model', 'attack', 'batch', 'sample·steps/s', 'GFLOP/s', 'tensors before→after', 'peak RSS MB']];
  for (const r of results) {
    rows.push([r.backend, r.model, r.attack, String(r.batch), r.sampleStepsPerSecond.toFixed(0), r.gflops.toFixed(2),
      `${r.tensorsBefore}→${r.tensorsAfter}`, (r.peakRssBytes / 2 ** 20).toFixed(0)]);
  }
  process.stdout.write(`${table(rows)}\n\n`);
  let demo: { seconds: number; exitCode: number | null } | undefined;
  if (!options['skip-e2e']) {
    const out = mkdtempSync(join(tmpdir(), 'robustcheck-bench-'));
    const started = performance.now();
    const run = spawnSync(process.execPath, [join(root, 'dist/src/cli/main.js'), 'run', join(root, 'suites/fashion-mnist.suite.json'), '--reporter', 'json', '--out', out], { encoding: 'utf8' });
    demo = { seconds: (performance.now() - started) / 1000, exitCode: run.status };
    process.stdout.write(`demo suite end to end: ${demo.seconds.toFixed(1)} s (exit ${demo.exitCode})\n`);
  }
  let torch: TorchComparison | undefined;
  if (!options['skip-torch']) {
    torch = comparePytorch(root);
    if (torch) {
      process.stdout.write(`PGD-20 L∞ ε=0.01 step 0.0025, 1000 demo samples, batch 128, early stop:\n` +
        `  robustcheck (${torch.backend}): ${torch.ours.seconds.toFixed(1)} s, robust ${(torch.ours.robustAccuracy * 100).toFixed(1)}%\n` +
        `  PyTorch ${torch.torch.version} CPU (${torch.torch.threads} threads): ${torch.torch.seconds.toFixed(1)} s, robust ${(torch.torch.robustAccuracy * 100).toFixed(1)}%, ${torch.torch.sampleStepsPerSecond.toFixed(0)} sample·steps/s\n` +
        `  ratio robustcheck/PyTorch throughput: ${(torch.torch.seconds / torch.ours.seconds).toFixed(2)}×\n`);
    } else {
      process.stdout.write('PyTorch comparison skipped: /usr/bin/python3 with torch not found (apt-get install python3-torch).\n');
    }
  }
  writeFileAtomic(resolve(options.out!), `${JSON.stringify({ date: new Date().toISOString(), results, demo, torch }, null, 2)}\n`);
  process.stdout.write(`wrote ${options.out}\n`);
  void existsSync;
}

await main();
