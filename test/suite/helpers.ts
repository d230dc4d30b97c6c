/** Shared fixtures for suite tests: a valid suite built in code, temp folders, a test registry. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fgsm } from '../../attacks/fgsm.js';
import { attackRegistry } from '../../attacks/registry.js';
import type { AttackDefinition } from '../../attacks/types.js';
import type { AttackRegistry } from '../../src/suite/schema.js';

/** A complete, valid suite; tests clone and break it. */
export function validSuite(): Record<string, any> {
  return {
    $schema: './suite.schema.json',
    id: 'demo-suite',
    description: 'fixture',
    seed: 7,
    model: { path: 'models/demo/model.json', inputRange: [0, 1] },
    data: { path: 'data/demo.npz', limit: 100 },
    attacks: [
      { id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.03, 0.01] },
      { id: 'pgd', type: 'pgd', epsilons: [0.03, 0.1], steps: 10 },
      { id: 'noise', type: 'gaussian-noise', epsilons: [0.5, 1] },
    ],
    thresholds: [
      { metric: 'clean-accuracy', min: 0.8 },
      { metric: 'robust-accuracy', attack: 'pgd', epsilon: 0.03, min: 0.3 },
      { metric: 'score', min: 40, max: 100 },
    ],
    confidence: 0.95,
    checks: { failOn: 'warn' },
  };
}

/** `validSuite()` changed by `change`. */
export function variant(change: (suite: Record<string, any>) => void): Record<string, any> {
  const suite = validSuite();
  change(suite);
  return suite;
}

/** A fresh temp folder and its cleanup. */
export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'robustcheck-suite-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An L∞-only gradient attack (to test unsupported norms) and a severity-based corruption. */
const linfOnly: AttackDefinition = { ...fgsm, type: 'linf-only', norms: ['linf'] };
const blur: AttackDefinition = {
  type: 'blur',
  kind: 'corruption',
  summary: 'test corruption',
  reference: 'test',
  norms: [],
  budget: 'severities',
  params: { sigma: { type: 'number', minimum: 0, maximum: 10, default: 1.5, description: 'blur radius in pixels' } },
  propose: fgsm.propose,
};

/** The built-in registry plus `linf-only` and `blur`. */
export const testRegistry: AttackRegistry = Object.freeze({ ...attackRegistry, [linfOnly.type]: linfOnly, [blur.type]: blur });
