import { describe, expect, it } from 'vitest';
import { filterSuites, parseAttackList } from '../../src/cli/filter-suites.js';
import { InputError } from '../../src/errors.js';
import type { ResolvedSuite } from '../../src/suite/types.js';

function suite(id: string, attacks: string[]): ResolvedSuite {
  return {
    id, displayPath: `suites/${id}.suite.json`,
    attacks: attacks.map((attack) => ({ id: attack, type: attack, budgetKind: 'epsilon', budgets: [0.1], params: {} })),
    thresholds: [
      { metric: 'clean-accuracy', min: 0.5 },
      ...attacks.map((attack) => ({ metric: 'robust-accuracy', attack, epsilon: 0.1, min: 0.1 })),
    ],
  } as unknown as ResolvedSuite;
}

const suites = [suite('cnn', ['fgsm', 'pgd', 'noise']), suite('mlp', ['fgsm', 'blur'])];
const ids = (result: ResolvedSuite[]) => result.map((entry) => `${entry.id}:${entry.attacks.map((attack) => attack.id).join('+')}`);

describe('run --attack / --grep', () => {
  it('no filter: the suites as loaded', () => {
    expect(filterSuites(suites, {})).toBe(suites);
  });

  it('--attack keeps those attacks in every suite and drops thresholds about the others', () => {
    const result = filterSuites(suites, { attacks: parseAttackList('pgd, blur') });
    expect(ids(result)).toEqual(['cnn:pgd', 'mlp:blur']);
    expect(result[0]!.thresholds.map((threshold) => threshold.attack ?? threshold.metric)).toEqual(['clean-accuracy', 'pgd']);
  });

  it('--grep on a suite id keeps the whole suite; on suite/attack keeps the matching attacks', () => {
    expect(ids(filterSuites(suites, { grep: '^mlp$' }))).toEqual(['mlp:fgsm+blur']);
    expect(ids(filterSuites(suites, { grep: '/(fgsm|noise)$' }))).toEqual(['cnn:fgsm+noise', 'mlp:fgsm']);
    expect(ids(filterSuites(suites, { grep: 'cnn', attacks: ['fgsm'] }))).toEqual(['cnn:fgsm']);
  });

  it('nothing left, or a bad pattern: exit 2 naming what exists', () => {
    const none = (() => { try { filterSuites(suites, { attacks: ['apgd'] }); } catch (error) { return error; } })() as InputError;
    expect(none).toBeInstanceOf(InputError);
    expect(none.code).toBe('NO_MATCH');
    expect(none.exitCode).toBe(2);
    expect(none.message).toContain('cnn/fgsm, cnn/pgd, cnn/noise, mlp/fgsm, mlp/blur');
    expect(() => filterSuites(suites, { grep: '(' })).toThrow(/--grep "\(" is not a valid regular expression/);
  });
});
