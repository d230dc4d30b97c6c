import { describe, expect, it } from 'vitest';
import { attackRegistry } from '../../attacks/registry.js';

/** Every registered attack and perturbation documents itself for `robustcheck list` and the schema. */
describe.each(Object.values(attackRegistry).map((definition) => [definition.type, definition] as const))('%s', (type, definition) => {
  it('has a kebab-case type, a summary and a reference with a link', () => {
    expect(type).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(definition.summary.length).toBeGreaterThan(10);
    expect(definition.reference).toMatch(/https?:\/\/\S+/);
  });

  it('describes every parameter, with a default inside its own range', () => {
    for (const [name, spec] of Object.entries(definition.params)) {
      expect(spec.description.length, `${type}.${name}`).toBeGreaterThan(10);
      if (spec.default === undefined || typeof spec.default !== 'number') continue;
      if (spec.minimum !== undefined) expect(spec.default).toBeGreaterThanOrEqual(spec.minimum);
      if (spec.maximum !== undefined) expect(spec.default).toBeLessThanOrEqual(spec.maximum);
      if (spec.enum !== undefined) expect(spec.enum).toContain(spec.default);
    }
  });

  it('budget kind matches its kind: ε with at least one norm for attacks and noise, severities without norms for corruptions', () => {
    if (definition.kind === 'corruption') {
      expect(definition.budget).toBe('severities');
      expect(definition.norms).toEqual([]);
    } else {
      expect(definition.budget).toBe('epsilons');
      expect(definition.norms.length).toBeGreaterThan(0);
    }
  });
});
