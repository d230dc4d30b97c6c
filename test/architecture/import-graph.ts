import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One import edge between two project files. */
export interface ImportEdge {
  from: string;
  to: string;
  /** True when the whole statement is `import type` / `export type` (erased at run time). */
  typeOnly: boolean;
}

/** Every `.ts`/`.tsx` file under `folders` (relative to `root`), as root-relative paths with `/`. */
export function sourceFiles(root: string, folders: string[]): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry) && !entry.endsWith('.d.ts')) files.push(relative(root, path).split('\\').join('/'));
    }
  };
  for (const folder of folders) if (existsSync(join(root, folder))) walk(join(root, folder));
  return files.sort();
}

// Static imports and re-exports (`import x from`, `import type {…} from`, `export * from`) and
// dynamic `import('…')` and `typeof import('…')`: every way a module names another.
const staticImport = /^\s*(import|export)\s+(type\s+)?([^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const dynamicImport = /import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The project-internal imports of each file (specifiers starting with `.`), resolved to files. */
export function importEdges(root: string, files: string[]): ImportEdge[] {
  const known = new Set(files);
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const add = (specifier: string, typeOnly: boolean): void => {
      if (!specifier.startsWith('.')) return;
      const target = resolveSpecifier(root, file, specifier, known);
      if (target) edges.push({ from: file, to: target, typeOnly });
    };
    for (const match of text.matchAll(staticImport)) add(match[4]!, match[2] !== undefined);
    for (const match of text.matchAll(dynamicImport)) {
      const before = text.slice(Math.max(0, match.index - 7), match.index);
      add(match[1]!, before.endsWith('typeof '));
    }
  }
  return edges;
}

/** `./x.js` written in `from` → the `.ts`/`.tsx` file it names (ESM specifiers name the build output). */
function resolveSpecifier(root: string, from: string, specifier: string, known: Set<string>): string | undefined {
  const base = relative(root, resolve(root, dirname(from), specifier)).split('\\').join('/');
  const stem = base.replace(/\.(js|jsx|ts|tsx)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, `${base}/index.ts`]) if (known.has(candidate)) return candidate;
  return undefined;
}

/** Import cycles (strongly connected components of more than one file, or a self-import). */
export function importCycles(files: string[], edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>(files.map((file) => [file, []]));
  for (const edge of edges) next.get(edge.from)?.push(edge.to);
  // Tarjan's algorithm, iterative so that deep chains cannot overflow the stack.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  for (const start of files) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; child: number }> = [{ node: start, child: 0 }];
    index.set(start, counter); low.set(start, counter++); stack.push(start); onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const children = next.get(frame.node)!;
      if (frame.child < children.length) {
        const child = children[frame.child++]!;
        if (!index.has(child)) {
          index.set(child, counter); low.set(child, counter++); stack.push(child); onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      if (work.length > 0) { const parent = work[work.length - 1]!.node; low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!)); }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do { member = stack.pop()!; onStack.delete(member); component.push(member); } while (member !== frame.node);
        if (component.length > 1 || children.includes(frame.node)) components.push(component.sort());
      }
    }
  }
  return components;
}
