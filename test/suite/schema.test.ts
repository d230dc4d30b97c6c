import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { fgsm } from '../../attacks/fgsm.js';
import { buildSuiteSchema, renderSuiteSchema, type JsonSchema } from '../../src/suite/schema.js';
import { closestName, editDistance } from '../../src/suite/suggest.js';
import { testRegistry, validSuite } from './helpers.js';

const committed = new URL('../../suites/suite.schema.json', import.meta.url);

/** Every object schema below `schema` with its JSON path. */
function objectSchemas(schema: unknown, path = '#'): Array<[string, JsonSchema]> {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as JsonSchema;
  const found: Array<[string, JsonSchema]> = node.properties !== undefined ? [[path, node]] : [];
  for (const [key, child] of Object.entries(node)) {
    if (Array.isArray(child)) child.forEach((item, index) => found.push(...objectSchemas(item, `${path}/${key}/${index}`)));
    else found.push(...objectSchemas(child, `${path}/${key}`));
  }
  return found;
}

describe('suite schema', () => {
  it('is committed up to date (run npm run build && npm run schema)', () => {
    const onDisk = readFileSync(committed, 'utf8');
    expect(onDisk, 'suites/suite.schema.json is stale: run npm run build && npm run schema').toBe(renderSuiteSchema());
  });

  it('compiles under ajv strict mode and accepts the reference suite', () => {
    const ajv = new AjvModule.default({ strict: true, allErrors: true });
    const validate = ajv.compile(buildSuiteSchema());
    expect(validate(validSuite()), JSON.stringify(validate.errors)).toBe(true);
  });

  it('describes every property and closes every object that lists properties', () => {
    for (const [path, node] of objectSchemas(buildSuiteSchema())) {
      const isBranchCondition = /\/(if|anyOf\/\d+)$/.test(path);
      if (isBranchCondition) continue;
      for (const [name, property] of Object.entries(node.properties as Record<string, JsonSchema>)) {
        expect(typeof property.description, `${path}/properties/${name} has no description`).toBe('string');
      }
      // The attack item's common fields stay open: each `then` branch closes them per type.
      if (path !== '#/properties/attacks/items') expect(node.additionalProperties, `${path} is open`).toBe(false);
    }
  });

  it('has one closed branch per attack type with its parameters and budget', () => {
    const attacks = (buildSuiteSchema(testRegistry).properties as any).attacks.items;
    const branches = attacks.allOf as Array<{ if: any; then: any }>;
    expect(branches.map((branch) => branch.if.properties.type.const)).toEqual(Object.keys(testRegistry));
    const pgd = branches.find((branch) => branch.if.properties.type.const === 'pgd')!.then;
    expect(pgd.required).toEqual(['id', 'type', 'epsilons']);
    expect(pgd.properties.steps).toMatchObject({ type: 'integer', minimum: 1, maximum: 10000, default: 40 });
    const blur = branches.find((branch) => branch.if.properties.type.const === 'blur')!.then;
    expect(blur.required).toEqual(['id', 'type', 'severities']);
    expect(Object.keys(blur.properties)).toEqual(['id', 'type', 'severities', 'sigma']);
    expect(attacks.properties.type.enum).toEqual(Object.keys(testRegistry));
  });

  it('refuses a parameter named like a common field', () => {
    expect(() => buildSuiteSchema({ bad: { ...fgsm, type: 'bad', params: { epsilons: { type: 'number', description: 'x' } } } })).toThrow(/clashes/);
  });
});

describe('suggestions', () => {
  it('counts a swapped pair as one edit', () => {
    expect(editDistance('pdg', 'pgd')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it.each([
    ['pdg', ['fgsm', 'pgd', 'gaussian-noise'], 'pgd'],
    ['FGSM', ['fgsm', 'pgd'], 'fgsm'],
    ['gaussian_noise', ['fgsm', 'pgd', 'gaussian-noise'], 'gaussian-noise'],
    ['epsilon', ['id', 'type', 'epsilons'], 'epsilons'],
    ['warning', ['fail', 'warn', 'never'], 'warn'],
    ['deepfool', ['fgsm', 'pgd', 'gaussian-noise'], undefined],
    ['x', ['y', 'z'], 'y'],
  ])('suggests for %s', (name, candidates, expected) => {
    expect(closestName(name, candidates)).toBe(expected);
  });
});
