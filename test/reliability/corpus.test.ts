/**
 * Issue "Reliability and security", done-when 1 and 2: every case of the bad-input corpus
 * (`test/fixtures/corpus/`) runs through the CLI and must end with its exit code and message,
 * within a time bound, without a stack trace or prototype pollution. Path-escape cases also run
 * under a file-system spy: nothing outside the model folder may be stat'ed, resolved or opened.
 */
import { existsSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { corpus, createCorpusProject, type CorpusProject } from '../fixtures/corpus/manifest.js';
import { prototypePollution, runCliInProcess, stackTracePattern } from './cli-harness.js';

/** Every path the sources hand to the file system, recorded by the mocks below. */
const fsCalls = vi.hoisted(() => [] as { op: string; path: string }[]);

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const recorded: Record<string, unknown> = {};
  for (const op of ['readFile', 'open', 'stat', 'lstat', 'realpath', 'readdir', 'opendir', 'access', 'readlink'] as const) {
    const original = actual[op] as (...args: unknown[]) => unknown;
    recorded[op] = (...args: unknown[]) => {
      fsCalls.push({ op, path: String(args[0]) });
      return original(...args);
    };
  }
  return { ...actual, ...recorded, default: { ...actual, ...recorded } };
});

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const recorded: Record<string, unknown> = {};
  for (const op of ['readFileSync', 'openSync', 'statSync', 'lstatSync', 'realpathSync', 'createReadStream', 'existsSync', 'readdirSync'] as const) {
    const original = actual[op] as (...args: unknown[]) => unknown;
    recorded[op] = (...args: unknown[]) => {
      fsCalls.push({ op, path: String(args[0]) });
      return original(...args);
    };
  }
  return { ...actual, ...recorded, default: { ...actual, ...recorded } };
});

let project: CorpusProject;
const built = new Map<string, string[]>();

beforeAll(async () => {
  project = await createCorpusProject();
  for (const entry of corpus) if (!entry.skip) built.set(entry.id, entry.build(project));
});
afterAll(() => {
  expect(prototypePollution()).toEqual([]);
  rmSync(project.dir, { recursive: true, force: true });
});

/** A case's report.json, when its run reached a suite. */
function reportOf(id: string): { error?: { code: string }; exitCode: number } | undefined {
  const path = join(project.dir, 'out', id, 'corpus', 'report.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

/** Where a path really points (symlinks resolved); the path itself when it does not exist. */
function realLocation(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** True when `path` is `folder` or inside it. */
function within(folder: string, path: string): boolean {
  return path === folder || path.startsWith(folder + sep);
}

describe('bad-input corpus', () => {
  it(`has at least 60 cases, spread over suites, models and data (${corpus.length})`, () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    const ids = corpus.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const kind of ['suite', 'model', 'data'] as const) expect(corpus.filter((entry) => entry.kind === kind).length).toBeGreaterThanOrEqual(15);
    expect(corpus.filter((entry) => entry.confined).length).toBeGreaterThanOrEqual(8);
  });

  // Cases that cannot run here (file permissions as root) show as skipped, with the reason.
  const skipped = corpus.filter((entry) => entry.skip).map((entry) => `${entry.id} — ${entry.skip}`);
  if (skipped.length > 0) it.skip.each(skipped)('%s', () => undefined);

  it.each(corpus.filter((entry) => !entry.skip).map((entry) => [entry.id, entry] as const))('%s', async (id, entry) => {
    const args = built.get(id)!;
    // run gets its own report folder, one thread and the plain reporter (what CI logs show).
    const extra = args[0] === 'run' && !args.includes('--out') ? ['--out', join('out', id), '--workers', '1', '--reporter', 'plain,json'] : [];
    fsCalls.length = 0;
    const result = await runCliInProcess([...args, ...extra], project.dir, 60_000);
    // Taken now: the test's own file-system calls below go through the same spies.
    const calls = fsCalls.splice(0);
    expect(result.exit, `${id} output:\n${result.output}`).toBe(entry.exit);
    expect(result.output).toMatch(entry.message);
    expect(result.output).not.toMatch(stackTracePattern);
    expect(result.output).not.toMatch(/internal error|This is a bug/);
    expect(result.output, 'file contents are never quoted').not.toMatch(/ghp_corpusSecret123/);
    // Nothing from a hostile file reaches the terminal raw: no escape sequences, no bidi overrides.
    expect(result.output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
    expect(prototypePollution()).toEqual([]);
    if (entry.code) expect(reportOf(id)?.error?.code, 'report.json records the error code').toBe(entry.code);
    if (entry.confined) {
      const modelDir = realpathSync(join(project.caseDir(id), 'model'));
      const suiteFile = args[0] === 'run' ? realpathSync(resolve(project.dir, args[1]!)) : undefined;
      const touched = calls.map((call) => ({ ...call, path: isAbsolute(call.path) ? call.path : resolve(project.dir, call.path) }));
      // The loader did look at the model (the spy sees its calls) ...
      expect(touched.some((call) => within(modelDir, call.path))).toBe(true);
      // ... resolved only names inside the model folder (realpath is how escapes are caught) ...
      expect(touched.filter((call) => call.op.startsWith('realpath') && !within(modelDir, call.path))).toEqual([]);
      // ... and stat'ed or opened nothing whose real location is outside it, but the suite file:
      // least of all the valid weights placed beside the model folder as bait.
      const opened = touched.filter((call) => !call.op.startsWith('realpath')).map((call) => ({ ...call, real: realLocation(call.path) }));
      // The run's own report folder is robustcheck's output (it clears files an earlier run left there), not a read of user files.
      const reportDir = resolve(project.dir, 'out', id);
      expect(opened.filter((call) => !within(modelDir, call.real) && call.real !== suiteFile && !within(reportDir, call.real))).toEqual([]);
      expect(opened.filter((call) => call.real.endsWith('secret.bin'))).toEqual([]);
    }
  });
});
