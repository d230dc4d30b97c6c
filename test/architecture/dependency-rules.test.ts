/**
 * The layering of docs/architecture.md, checked over the import graph of `src/` and `attacks/`
 * (type imports included: a type that must be imported from a higher layer lives in the wrong
 * module). A new file joins by itself; a rule broken names the importing file and the import.
 */
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importCycles, importEdges, sourceFiles, type ImportEdge } from './import-graph.js';

const root = resolve(import.meta.dirname, '../..');
const files = sourceFiles(root, ['src', 'attacks']);
const edges = importEdges(root, files);

/** Named parts of the code base, by path. */
const parts = {
  format: (file: string) => file.startsWith('src/format/'),
  errors: (file: string) => file === 'src/errors.ts' || file === 'src/error-codes.ts',
  tensor: (file: string) => file.startsWith('src/tensor/'),
  reportTypes: (file: string) => /^src\/report\/[^/]*-types\.ts$/.test(file),
  events: (file: string) => file.startsWith('src/events/'),
  report: (file: string) => file.startsWith('src/report/'),
  metrics: (file: string) => file.startsWith('src/metrics/'),
  attacks: (file: string) => file.startsWith('attacks/'),
  runner: (file: string) => file.startsWith('src/runner/'),
  reporters: (file: string) => file.startsWith('src/reporters/'),
  ui: (file: string) => file.startsWith('src/ui/'),
  cli: (file: string) => file.startsWith('src/cli/'),
};
type Part = keyof typeof parts;
const inAny = (file: string, names: Part[]) => names.some((name) => parts[name](file));

/** Imports from files in `from` that leave the allowed parts (their own part is always allowed). */
function importsOutside(from: Part, allowed: Part[]): string[] {
  return edges
    .filter((edge) => parts[from](edge.from) && !parts[from](edge.to) && !inAny(edge.to, allowed))
    .map(describeEdge);
}

/** Imports from files in `from` into any of `forbidden`. */
function importsInto(from: Part[], forbidden: Part[]): string[] {
  return edges.filter((edge) => inAny(edge.from, from) && inAny(edge.to, forbidden)).map(describeEdge);
}

function describeEdge(edge: ImportEdge): string {
  return `${edge.from} → ${edge.to}${edge.typeOnly ? ' (type)' : ''}`;
}

describe('dependency rules (docs/architecture.md)', () => {
  test('the import graph was read', () => {
    // Guards the rules below against passing vacuously (a parser that finds no imports).
    expect(files.length).toBeGreaterThan(300);
    expect(edges.length).toBeGreaterThan(1000);
    expect(edges.some((edge) => edge.typeOnly)).toBe(true);
    expect(edges.some((edge) => edge.from === 'src/cli/main.ts')).toBe(true);
  });

  test('format is a leaf: pure functions of numbers and strings', () => {
    expect(importsOutside('format', [])).toEqual([]);
  });

  test('errors import only format (message escaping)', () => {
    expect(importsOutside('errors', ['format'])).toEqual([]);
  });

  test('tensor imports only errors and format', () => {
    expect(importsOutside('tensor', ['errors', 'format'])).toEqual([]);
  });

  test('the report types depend only on tensor', () => {
    expect(importsOutside('reportTypes', ['tensor'])).toEqual([]);
  });

  test('events depend only on the report types they carry, tensor, errors and format', () => {
    expect(importsOutside('events', ['reportTypes', 'tensor', 'errors', 'format'])).toEqual([]);
  });

  test('report, metrics and attacks never import runner, reporters, ui or cli', () => {
    expect(importsInto(['report', 'metrics', 'attacks'], ['runner', 'reporters', 'ui', 'cli'])).toEqual([]);
  });

  test('the runner never imports reporters, ui or cli', () => {
    expect(importsInto(['runner'], ['reporters', 'ui', 'cli'])).toEqual([]);
  });

  test('ui and reporters do not import each other', () => {
    expect(importsInto(['ui'], ['reporters'])).toEqual([]);
    expect(importsInto(['reporters'], ['ui'])).toEqual([]);
  });

  test('no import cycles, type imports included', () => {
    expect(importCycles(files, edges)).toEqual([]);
  });
});

describe('import graph reader', () => {
  test('finds a cycle and tells type imports from value imports', () => {
    const graph: ImportEdge[] = [
      { from: 'a.ts', to: 'b.ts', typeOnly: false },
      { from: 'b.ts', to: 'c.ts', typeOnly: true },
      { from: 'c.ts', to: 'a.ts', typeOnly: false },
      { from: 'c.ts', to: 'd.ts', typeOnly: false },
    ];
    expect(importCycles(['a.ts', 'b.ts', 'c.ts', 'd.ts'], graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(importCycles(['a.ts', 'b.ts', 'c.ts', 'd.ts'], graph.slice(1))).toEqual([]);
  });

  test('reads type-only, re-export and dynamic imports from this repository', () => {
    const typeEdge = edges.find((edge) => edge.from === 'src/report/report-types.ts' && edge.to === 'src/tensor/norms.ts');
    expect(typeEdge?.typeOnly).toBe(true);
    expect(edges.some((edge) => edge.from === 'src/index.ts' && edge.to === 'src/cli/reporter-registry.ts')).toBe(true);
    // ink-reporter.ts names mount-dashboard.tsx in `import type`, `typeof import()` and `import()`.
    const mountEdges = edges.filter((edge) => edge.from === 'src/ui/ink-reporter.ts' && edge.to === 'src/ui/mount-dashboard.tsx');
    expect(mountEdges.map((edge) => edge.typeOnly)).toEqual([true, true, false]);
  });
});
