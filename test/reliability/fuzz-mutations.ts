/**
 * Structured mutations of JSON documents for the fuzz test: delete or replace any value, add
 * keys (including `__proto__`), swap in extreme numbers and hostile strings, then optionally
 * duplicate a key or truncate the text. fast-check generates the mutation lists; applying them
 * is deterministic, so a failing case shrinks and replays from its seed.
 */
import fc from 'fast-check';

/** Values that have broken parsers, loaders and path checks elsewhere. */
export const hostileValues: readonly unknown[] = [
  -1, 0, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 31, -(2 ** 31), 1e-300, 4294967296,
  '', ' ', '__proto__', 'constructor', 'prototype', 'toString', '../../../../etc/passwd', '/dev/zero', '/dev/stdin',
  '%2e%2e/secret', 'C:\\Windows\\win.ini', 'file:///etc/passwd', 'a\u0000b', '\u202e', '<script>alert(1)</script>',
  'x'.repeat(5000), [], {}, null, true, [[[[[[]]]]]], JSON.parse('{"__proto__": {"polluted": true}}'),
];

/** One edit at the `at`-th value of the document (modulo the number of values). */
export type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'add-key'; at: number; key: string; value: unknown };

/** Text-level damage applied after the structured edits. */
export interface TextDamage {
  /** Repeat the first key of the `at`-th object (duplicate keys are legal text, invalid suites). */
  duplicateKey?: number;
  /** Cut the text to this fraction of its length. */
  truncate?: number;
}

const valueArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileValues) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.double() },
);

const keyArbitrary = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'path', 'id', 'epsilons', 'shape', 'class_name', 'steps'), fc.string({ maxLength: 8 }));

/** Lists of 1–3 mutations. */
export const mutationsArbitrary: fc.Arbitrary<Mutation[]> = fc.array(fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: valueArbitrary }),
  fc.record({ kind: fc.constant('add-key' as const), at: fc.nat(), key: keyArbitrary, value: valueArbitrary }),
), { minLength: 1, maxLength: 3 });

/** Text damage, most often none. */
export const damageArbitrary: fc.Arbitrary<TextDamage> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.record({ duplicateKey: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ truncate: fc.double({ min: 0, max: 1, noNaN: true }) }) },
);

type Container = Record<string, unknown> | unknown[];
interface Slot {
  parent?: Container;
  key?: string | number;
  value: unknown;
}

/** Every value of the document with where it sits (the root has no parent). */
function slots(root: unknown): Slot[] {
  const found: Slot[] = [{ value: root }];
  const visit = (value: unknown) => {
    if (value === null || typeof value !== 'object') return;
    const container = value as Container;
    for (const key of Object.keys(container)) {
      const child = Array.isArray(container) ? container[Number(key)] : container[key];
      found.push({ parent: container, key: Array.isArray(container) ? Number(key) : key, value: child });
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** Defines an own data property even for `__proto__` (plain assignment would set the prototype). */
function define(target: Container, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies the mutations to a deep copy of `document` and renders it as text with `damage`. */
export function mutate(document: unknown, mutations: Mutation[], damage: TextDamage): string {
  const root = { doc: structuredClone(document) as unknown };
  for (const mutation of mutations) {
    const all = slots(root.doc);
    const slot = all[mutation.at % all.length]!;
    if (mutation.kind === 'delete') {
      if (slot.parent === undefined) root.doc = undefined;
      else if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
    } else if (mutation.kind === 'replace') {
      if (slot.parent === undefined) root.doc = structuredClone(mutation.value);
      else define(slot.parent, slot.key!, structuredClone(mutation.value));
    } else if (slot.value !== null && typeof slot.value === 'object' && !Array.isArray(slot.value)) {
      define(slot.value as Container, mutation.key, structuredClone(mutation.value));
    }
  }
  let text = JSON.stringify(root.doc, null, 2) ?? '';
  if (damage.duplicateKey !== undefined) {
    const keys = [...text.matchAll(/\n(\s*)("[^"\n]*": [^\n]*?),?\n/g)];
    const match = keys[damage.duplicateKey % Math.max(1, keys.length)];
    if (match) text = `${text.slice(0, match.index! + 1)}${match[1]}${match[2]},\n${text.slice(match.index! + 1)}`;
  }
  if (damage.truncate !== undefined) text = text.slice(0, Math.floor(text.length * damage.truncate));
  return text;
}
