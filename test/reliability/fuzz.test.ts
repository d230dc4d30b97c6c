/**
 * Property-based fuzzing of the CLI (fast-check, fixed seed, bounded runs): mutated suites and
 * mutated model manifests must always end with exit 0, 1, 2 or 3 within a time bound, never print
 * a stack trace or an internal error, and never pollute `Object.prototype`. Set FUZZ_RUNS to run
 * more cases locally (a multiplier) and FUZZ_SEED to explore other inputs; CI uses the fixed defaults.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCorpusProject, type CorpusProject } from '../fixtures/corpus/manifest.js';
import { fixtureSuite } from '../helpers/cli-fixture.js';
import { prototypePollution, runCliInProcess, stackTracePattern, type CliOutcome } from './cli-harness.js';
import { damageArbitrary, mutate, mutationsArbitrary } from './fuzz-mutations.js';

const seed = Number(process.env.FUZZ_SEED ?? 20_240_611);
const scale = Number(process.env.FUZZ_RUNS ?? 1);
/** Longest one CLI call may take; valid mutants evaluate 5 samples of a tiny MLP. */
const callBoundMs = 20_000;

let project: CorpusProject;
let counter = 0;
beforeAll(async () => {
  project = await createCorpusProject();
});
afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

/** The valid suite the mutations start from: small, fast, and touching every section. */
function baseSuite(modelPath = '../../models/mlp/model.json'): Record<string, unknown> {
  return fixtureSuite({
    id: 'fuzz',
    model: { path: modelPath, inputRange: [0, 1] },
    data: { path: '../../data/tiny.npz', batchSize: 5 },
    attacks: [
      { id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.05] },
      { id: 'pgd', type: 'pgd', norm: 'l2', epsilons: [0.3], steps: 2, randomStart: true },
    ],
    thresholds: [{ metric: 'robust-accuracy', attack: 'fgsm', epsilon: 0.05, min: 0.1 }],
    timeoutSeconds: 60,
  });
}

/** Runs one mutant suite through the CLI and checks the invariants that hold for every input. */
async function runMutant(dir: string): Promise<CliOutcome> {
  const result = await runCliInProcess(['run', join(dir, 'case.suite.json'), '--out', join(dir, 'out'), '--limit', '5', '--workers', '1', '--reporter', 'plain,json'], project.dir, callBoundMs);
  expect(result.exit, `hung or crashed; output:\n${result.output}`).toBeOneOf([0, 1, 2, 3]);
  expect(result.output).not.toMatch(stackTracePattern);
  expect(result.output).not.toMatch(/internal error|Unexpected error|INTERNAL/);
  expect(prototypePollution()).toEqual([]);
  return result;
}

describe('fuzzing the CLI with mutated inputs', () => {
  it('mutated suites always end with exit 0–3, no stack trace, no prototype pollution', async () => {
    const exits = new Map<number | string, number>();
    await fc.assert(fc.asyncProperty(mutationsArbitrary, damageArbitrary, async (mutations, damage) => {
      const dir = join('cases', `fuzz-suite-${counter++}`);
      mkdirSync(join(project.dir, dir), { recursive: true });
      writeFileSync(join(project.dir, dir, 'case.suite.json'), mutate(baseSuite(), mutations, damage));
      const result = await runMutant(dir);
      exits.set(result.exit, (exits.get(result.exit) ?? 0) + 1);
    }), { seed, numRuns: 60 * scale, endOnFailure: true });
    // The mutations reach past the validator: some mutants still run the model.
    expect(exits.get(2)).toBeGreaterThan(0);
    expect((exits.get(0) ?? 0) + (exits.get(1) ?? 0)).toBeGreaterThan(0);
  });

  it('mutated model manifests and weight files always end with exit 0–3, no stack trace, no prototype pollution', async () => {
    const exits = new Map<number | string, number>();
    const weightEdits = fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.integer({ min: -8, max: 8 }) },
    );
    await fc.assert(fc.asyncProperty(mutationsArbitrary, damageArbitrary, weightEdits, async (mutations, damage, sizeChange) => {
      const dir = join('cases', `fuzz-model-${counter++}`);
      const weights = sizeChange === undefined ? project.weights
        : sizeChange < 0 ? project.weights.subarray(0, project.weights.length + sizeChange) : new Uint8Array([...project.weights, ...new Uint8Array(sizeChange)]);
      mkdirSync(join(project.dir, dir, 'model'), { recursive: true });
      writeFileSync(join(project.dir, dir, 'model', 'weights.bin'), weights);
      writeFileSync(join(project.dir, dir, 'model', 'model.json'), mutate(project.modelJson(), mutations, damage));
      writeFileSync(join(project.dir, dir, 'case.suite.json'), JSON.stringify(baseSuite('model/model.json')));
      const result = await runMutant(dir);
      exits.set(result.exit, (exits.get(result.exit) ?? 0) + 1);
    }), { seed, numRuns: 40 * scale, endOnFailure: true });
    expect(exits.get(2)).toBeGreaterThan(0);
  });
});
