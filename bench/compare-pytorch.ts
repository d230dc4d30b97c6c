import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Side-by-side PGD-20 evaluation of the demo model: robustcheck vs PyTorch on this machine. */
export interface TorchComparison {
  backend: string;
  /** One entry per robustcheck engine (`onnxruntime`, `tfjs`). */
  ours: Array<{ engine: string; seconds: number; robustAccuracy: number }>;
  /** One entry per PyTorch thread count (1 and 2). */
  torch: Array<{ version: string; threads: number; seconds: number; robustAccuracy: number; sampleStepsPerSecond: number }>;
}

const python = '/usr/bin/python3';

/**
 * "Tuned" PyTorch on Debian: the OpenMP OpenBLAS build instead of the reference BLAS, and
 * tcmalloc, when their packages are installed (libopenblas0-openmp, libtcmalloc-minimal4).
 */
function tunedTorchEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  const openblas = '/usr/lib/x86_64-linux-gnu/openblas-openmp';
  const tcmalloc = '/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4';
  if (existsSync(openblas)) env.LD_LIBRARY_PATH = [openblas, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  if (existsSync(tcmalloc)) env.LD_PRELOAD = [tcmalloc, env.LD_PRELOAD].filter(Boolean).join(':');
  return env;
}

/**
 * Runs the same evaluation both ways: PGD-20, L∞ ε = 0.01, step 0.0025, no random start, early
 * stop, 1,000 demo samples, batch 128. Returns undefined when Debian's python3-torch is missing.
 */
export function comparePytorch(root: string): TorchComparison | undefined {
  if (!existsSync(python) || spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'robustcheck-torch-'));
  const suite = {
    id: 'pgd20-reference', seed: 1,
    model: { path: join(root, 'suites/models/fashion-cnn/model.json') },
    data: { path: join(root, 'suites/data/fashion-mnist-test-1k.npz'), batchSize: 128 },
    attacks: [{ id: 'pgd', type: 'pgd', norm: 'linf', epsilons: [0.01], steps: 20, stepSize: 0.0025, randomStart: false }],
  };
  writeFileSync(join(dir, 'pgd20.suite.json'), JSON.stringify(suite));
  // Interleaved, so a busy machine slows both sides alike.
  const ours: TorchComparison['ours'] = [];
  const torch: TorchComparison['torch'] = [];
  let backend = '';
  for (const engine of ['onnxruntime', 'tfjs']) {
    const out = join(dir, engine);
    const run = spawnSync(process.execPath, [join(root, 'dist/src/cli/main.js'), 'run', join(dir, 'pgd20.suite.json'), '--engine', engine, '--reporter', 'json', '--out', out, '--no-cache'], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`robustcheck run failed: ${run.stderr}`);
    const report = JSON.parse(readFileSync(join(out, 'pgd20-reference', 'report.json'), 'utf8'));
    const result = report.attacks[0].results[0];
    backend = report.environment.backend;
    ours.push({ engine, seconds: result.durationMs / 1000, robustAccuracy: result.robustAccuracy });
  }
  for (const threads of [1, 2]) {
    const torchOut = join(dir, `torch-${threads}.json`);
    const run = spawnSync(python, [join(root, 'bench/pytorch_reference.py'), '--model', join(root, 'suites/models/fashion-cnn'),
      '--data', join(root, 'suites/data/fashion-mnist-test-1k.npz'), '--attack', 'pgd', '--eps', '0.01', '--steps', '20',
      '--step-size', '0.0025', '--batch', '128', '--threads', String(threads), '--json', torchOut], { encoding: 'utf8', env: tunedTorchEnv() });
    if (run.status !== 0) throw new Error(`pytorch_reference.py failed: ${run.stderr}`);
    const reference = JSON.parse(readFileSync(torchOut, 'utf8'));
    torch.push({
      version: reference.torch, threads: reference.threads, seconds: reference.results[0].seconds,
      robustAccuracy: reference.results[0].robustAccuracy, sampleStepsPerSecond: reference.results[0].sampleStepsPerSecond,
    });
  }
  return { backend, ours, torch };
}
