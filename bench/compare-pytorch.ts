import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Side-by-side PGD-20 evaluation of the demo model: robustcheck vs PyTorch on this machine. */
export interface TorchComparison {
  backend: string;
  ours: { seconds: number; robustAccuracy: number };
  torch: { version: string; threads: number; seconds: number; robustAccuracy: number; sampleStepsPerSecond: number };
}

const python = '/usr/bin/python3';

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
  const ours = spawnSync(process.execPath, [join(root, 'dist/src/cli/main.js'), 'run', join(dir, 'pgd20.suite.json'), '--reporter', 'json', '--out', dir], { encoding: 'utf8' });
  if (ours.status !== 0) throw new Error(`robustcheck run failed: ${ours.stderr}`);
  const report = JSON.parse(readFileSync(join(dir, 'pgd20-reference', 'report.json'), 'utf8'));
  const result = report.attacks[0].results[0];
  const torchOut = join(dir, 'torch.json');
  const torch = spawnSync(python, [join(root, 'bench/pytorch_reference.py'), '--model', join(root, 'suites/models/fashion-cnn'),
    '--data', join(root, 'suites/data/fashion-mnist-test-1k.npz'), '--attack', 'pgd', '--eps', '0.01', '--steps', '20',
    '--step-size', '0.0025', '--batch', '128', '--json', torchOut], { encoding: 'utf8' });
  if (torch.status !== 0) throw new Error(`pytorch_reference.py failed: ${torch.stderr}`);
  const reference = JSON.parse(readFileSync(torchOut, 'utf8'));
  return {
    backend: report.environment.backend,
    ours: { seconds: result.durationMs / 1000, robustAccuracy: result.robustAccuracy },
    torch: {
      version: reference.torch, threads: reference.threads, seconds: reference.results[0].seconds,
      robustAccuracy: reference.results[0].robustAccuracy, sampleStepsPerSecond: reference.results[0].sampleStepsPerSecond,
    },
  };
}
