/**
 * Attack strength on the demo model: robust accuracy of every gradient attack at the same ε and
 * iteration budget (APGD vs PGD at equal iterations, FGSM/BIM/MIM beside them) and the minimal
 * L2 perturbations DeepFool and Carlini–Wagner find, on the first N demo images. Prints a table
 * and writes JSON (default `reports/attack-strength.json`). Too slow for `npm test` on 2 cores;
 * the fast toy-model versions of these comparisons live in `test/attacks/strength.test.ts`.
 *
 * Usage: node dist/bench/attack-strength.js [--samples 200] [--steps 20] [--epsilons 0.01,0.02,0.03]
 *        [--cw-steps 100] [--skip-minimal] [--out FILE]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findAttack } from '../attacks/registry.js';
import { loadDataset } from '../src/data/load-dataset.js';
import { summarizeMinimalPerturbations } from '../src/metrics/minimal-perturbation.js';
import { selectBackend } from '../src/model/backend.js';
import { loadClassifier } from '../src/model/load-model.js';
import { writeFileAtomic } from '../src/report/write-atomic.js';
import { runCleanPass } from '../src/runner/clean-pass.js';
import { runAttack } from '../src/runner/run-attack.js';
import { loadSuite } from '../src/suite/index.js';
import type { ResolvedAttack } from '../src/suite/types.js';
import type { Norm } from '../src/tensor/norms.js';

const { values: options } = parseArgs({
  options: {
    samples: { type: 'string', default: '200' },
    steps: { type: 'string', default: '20' },
    epsilons: { type: 'string', default: '0.01,0.02,0.03' },
    'cw-steps': { type: 'string', default: '100' },
    'skip-minimal': { type: 'boolean', default: false },
    out: { type: 'string', default: 'reports/attack-strength.json' },
  },
});

const root = resolve(import.meta.dirname, '../..');

/** One row of the table: an attack configuration's robust accuracy per ε or its minimal perturbations. */
interface Row {
  label: string;
  robust: number[];
  seconds: number;
  minimal?: ReturnType<typeof summarizeMinimalPerturbations>;
}

async function main(): Promise<void> {
  const samples = Number(options.samples);
  const steps = Number(options.steps);
  const epsilons = options.epsilons!.split(',').map(Number);
  const backend = await selectBackend('wasm');
  const suite = await loadSuite(resolve(root, 'suites/fashion-mnist.suite.json'));
  const { classifier } = await loadClassifier(suite.model);
  const dataset = await loadDataset(suite.data, { inputShape: classifier.inputShape, inputRange: classifier.inputRange, numClasses: classifier.numClasses });
  const indices = Array.from({ length: Math.min(samples, dataset.size) }, (_, i) => i);
  const clean = runCleanPass(classifier, dataset, indices, 128, 'file');
  const correct = clean.correct.reduce((sum, flag) => sum + flag, 0);
  const run = async (label: string, type: string, norm: Norm, budgets: number[], params: Record<string, unknown>): Promise<Row> => {
    const definition = findAttack(type)!;
    const defaults = Object.fromEntries(Object.entries(definition.params).filter(([, spec]) => spec.default !== undefined).map(([name, spec]) => [name, spec.default]));
    const attack: ResolvedAttack = { id: label, type, norm, budgetKind: 'epsilon', budgets, params: { ...defaults, ...params } };
    const started = performance.now();
    const outcome = await runAttack({
      classifier, dataset, attack, definition, indices, clean, seed: 1234, batchSize: 128,
      onProgress: () => undefined, onCase: () => undefined, onWarning: (message) => process.stderr.write(`warn: ${label}: ${message}\n`),
    });
    const robust = outcome.cases.map((entry) => entry.robust.reduce((sum, flag) => sum + flag, 0) / indices.length);
    const row: Row = { label, robust, seconds: (performance.now() - started) / 1000 };
    if (definition.minimize) row.minimal = summarizeMinimalPerturbations(outcome.minimal!);
    process.stdout.write(`${label.padEnd(34)} ${robust.map((value) => `${(100 * value).toFixed(1).padStart(5)}%`).join(' ')}  ${row.seconds.toFixed(1)} s` +
      `${row.minimal ? `  minimal L2 median ${row.minimal.median?.toFixed(3)} (q25 ${row.minimal.quantiles['0.25']?.toFixed(3)}, q75 ${row.minimal.quantiles['0.75']?.toFixed(3)}), broken ${row.minimal.broken}/${row.minimal.samples}` : ''}\n`);
    return row;
  };
  process.stdout.write(`backend ${backend.backend}; ${indices.length} demo images, clean accuracy ${(100 * correct / indices.length).toFixed(1)}%; L∞ ε = ${epsilons.join(', ')}; ${steps} iterations\n`);
  const rows: Row[] = [];
  rows.push(await run('fgsm', 'fgsm', 'linf', epsilons, {}));
  rows.push(await run(`bim-${steps}`, 'bim', 'linf', epsilons, { steps }));
  rows.push(await run(`mim-${steps}`, 'mim', 'linf', epsilons, { steps }));
  rows.push(await run(`pgd-${steps} (step 2.5ε/steps)`, 'pgd', 'linf', epsilons, { steps }));
  rows.push(await run(`pgd-${steps} (demo: step ε/8)`, 'pgd', 'linf', epsilons, { steps, relativeStepSize: 0.125 }));
  rows.push(await run(`pgd-${steps} margin`, 'pgd', 'linf', epsilons, { steps, loss: 'margin' }));
  rows.push(await run(`apgd-${steps} ce`, 'apgd', 'linf', epsilons, { steps }));
  rows.push(await run(`apgd-${steps} dlr`, 'apgd', 'linf', epsilons, { steps, loss: 'dlr' }));
  if (!options['skip-minimal']) {
    const l2 = [0.5, 1, 2];
    const cwSteps = Number(options['cw-steps']);
    rows.push(await run('deepfool l2', 'deepfool', 'l2', l2, {}));
    rows.push(await run(`cw-l2 5×${cwSteps} lr 0.01`, 'cw-l2', 'l2', l2, { steps: cwSteps, stepSize: 0.01 }));
    rows.push(await run(`cw-l2 5×${cwSteps} lr 0.05`, 'cw-l2', 'l2', l2, { steps: cwSteps, stepSize: 0.05 }));
  }
  classifier.dispose();
  const out = resolve(process.cwd(), options.out!);
  writeFileAtomic(out, `${JSON.stringify({ backend: backend.backend, samples: indices.length, cleanAccuracy: correct / indices.length, epsilons, steps, rows }, null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}

await main();
