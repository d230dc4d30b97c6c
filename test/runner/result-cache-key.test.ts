import { describe, expect, it } from 'vitest';
import { attackRegistry } from '../../attacks/registry.js';
import { attackCacheKey, hashAttackDefinitions, type CacheContext } from '../../src/runner/result-cache.js';
import type { ResolvedAttack, ResolvedSuite } from '../../src/suite/types.js';

const suite = {
  seed: 1,
  model: { format: 'layers', inputRange: [0, 1], output: 'auto' },
  data: { labels: 'file' },
} as unknown as ResolvedSuite;
const context: CacheContext = { toolVersion: '0.1.0', backend: 'wasm', engine: 'onnxruntime', modelSha256: 'ab', dataSha256: 'cd', suite, indices: [0, 1, 2] };
const cascade: ResolvedAttack = { id: 'aa', type: 'autoattack', norm: 'linf', budgetKind: 'epsilon', budgets: [0.03], params: { version: 'standard' } };

describe('result cache key', () => {
  it('changes when a default of any registered attack changes (a cascade runs its members with their defaults)', () => {
    const definitions = Object.values(attackRegistry);
    const square = attackRegistry.square!;
    const changed = definitions.map((definition) => (definition === square
      ? { ...square, params: { ...square.params, windowPositions: { ...square.params.windowPositions!, default: 'all' } } }
      : definition));
    const before = hashAttackDefinitions(definitions);
    const after = hashAttackDefinitions(changed);
    expect(after).not.toBe(before);
    // The cascade's own parameters are the same; only the registry hash tells the keys apart.
    expect(attackCacheKey(context, cascade, after)).not.toBe(attackCacheKey(context, cascade, before));
    expect(attackCacheKey(context, cascade)).toBe(attackCacheKey(context, cascade, before));
  });

  it('is stable for the same inputs and absent without data and model hashes', () => {
    expect(attackCacheKey(context, cascade)).toBe(attackCacheKey({ ...context, indices: [0, 1, 2] }, { ...cascade }));
    expect(attackCacheKey({ ...context, dataSha256: undefined }, cascade)).toBeUndefined();
  });
});
