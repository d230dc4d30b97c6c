/**
 * Issue 17 through the CLI (in process, with the model and data loaders wrapped): a model that
 * crashes and then crashes again while being released (class 0), Ctrl-C in every phase before
 * the attacks (class 10), and report writes that fail after the verdict (class 3). In each, the
 * console, summary.json, events.ndjson, report.json and the exit code must tell the same story.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoadedModel } from '../../src/model/load-model.js';
import { createFixtureProject, fixtureSuite } from '../helpers/cli-fixture.js';
import { runCliInProcess, stackTracePattern } from './cli-harness.js';

/** What the wrapped loaders do in the current test. */
const mode = vi.hoisted(() => ({ value: 'normal' as 'normal' | 'crash' | 'sigint-model' | 'sigint-data' | 'sigint-clean', forwardCalls: 0 }));

/**
 * Ctrl-C as the run command sees it: its own SIGINT handler is called, not the test runner's
 * (which were registered before any run started).
 */
const pressCtrlC = vi.hoisted(() => {
  const before = new Set(process.listeners('SIGINT'));
  return () => {
    for (const listener of process.listeners('SIGINT')) if (!before.has(listener)) (listener as (signal: string) => void)('SIGINT');
  };
});

vi.mock('../../src/model/load-model.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/model/load-model.js')>();
  return {
    ...actual,
    async loadClassifier(...args: Parameters<typeof actual.loadClassifier>): Promise<LoadedModel> {
      const loaded = await actual.loadClassifier(...args);
      if (mode.value === 'sigint-model') pressCtrlC();
      const real = loaded.classifier;
      const classifier = Object.create(real) as typeof real;
      classifier.logits = (x) => {
        mode.forwardCalls++;
        if (mode.value === 'sigint-clean' && mode.forwardCalls === 1) pressCtrlC();
        if (mode.value === 'crash') throw new WebAssembly.RuntimeError('memory access out of bounds');
        return real.logits(x);
      };
      classifier.dispose = () => {
        real.dispose();
        if (mode.value === 'crash') throw new WebAssembly.RuntimeError('memory access out of bounds (while disposing)');
      };
      return { ...loaded, classifier };
    },
  };
});

vi.mock('../../src/data/load-dataset.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/data/load-dataset.js')>();
  return {
    ...actual,
    async loadDataset(...args: Parameters<typeof actual.loadDataset>) {
      if (mode.value === 'sigint-data') pressCtrlC();
      return actual.loadDataset(...args);
    },
  };
});

let dir: string;
beforeAll(async () => {
  dir = (await createFixtureProject()).dir;
  writeFileSync(join(dir, 'tiny.suite.json'), JSON.stringify(fixtureSuite({
    attacks: [{ id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.05] }],
  })));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  mode.value = 'normal';
  mode.forwardCalls = 0;
});

const files = ['tiny/report.json', 'tiny/junit.xml', 'tiny/summary.md', 'tiny/report.html', 'summary.json', 'events.ndjson'];
const read = (out: string, name: string) => readFileSync(join(dir, out, name), 'utf8');
const run = (out: string, extra: string[] = []) => runCliInProcess(['run', 'tiny.suite.json', '--out', out, '--workers', '1', '--reporter', 'plain,json,junit,markdown,html,ndjson', ...extra], dir, 60_000);
/** The last event of events.ndjson (the run:end that the log records). */
const lastEvent = (out: string) => JSON.parse(read(out, 'events.ndjson').trim().split('\n').at(-1)!);

describe('class 0: a crash never loses the reports', () => {
  it('forward and dispose both crash inside wasm: exit 3, the original error in every report, every file written', async () => {
    mode.value = 'crash';
    const result = await run('out-crash');
    expect(result.exit, result.output).toBe(3);
    expect(result.output).not.toMatch(/internal error|This is a bug/);
    expect(result.output).not.toMatch(stackTracePattern);
    for (const name of files) expect(existsSync(join(dir, 'out-crash', name)), name).toBe(true);
    const report = JSON.parse(read('out-crash', 'tiny/report.json'));
    expect(report.verdict).toBe('error');
    expect(report.exitCode).toBe(3);
    expect(report.error.code).toBe('MODEL_KERNEL_CRASH');
    expect(report.error.message).not.toMatch(/while disposing/);
    expect(result.output).toMatch(/cleanup after the suite failed: memory access out of bounds \(while disposing\)/);
    expect(JSON.parse(read('out-crash', 'summary.json'))).toMatchObject({ verdict: 'error', exitCode: 3 });
    expect(lastEvent('out-crash')).toMatchObject({ type: 'run:end', verdict: 'error', exitCode: 3 });
    expect(read('out-crash', 'tiny/junit.xml')).toMatch(/MODEL_KERNEL_CRASH|kernel crashed/);
  });
});

describe('class 10: Ctrl-C in every phase stops promptly, says interrupted, never PASS', () => {
  it.each([
    ['model loading', 'sigint-model', 0],
    ['data loading', 'sigint-data', 0],
    ['the clean pass', 'sigint-clean', 1],
  ] as const)('during %s: exit 130, verdict interrupted everywhere, no attack ran', async (_phase, which, forwardCalls) => {
    mode.value = which;
    const out = `out-${which}`;
    const result = await run(out);
    expect(result.exit, result.output).toBe(130);
    expect(result.output).toMatch(/Interrupted/);
    expect(result.output).toMatch(/INTERRUPTED: 0\/1 suite\(s\) passed .* exit 130/);
    expect(result.output).not.toMatch(/PASS/);
    // Stopped before the next phase: the clean pass ran at most the one batch that saw the signal.
    expect(mode.forwardCalls).toBe(forwardCalls);
    const report = JSON.parse(read(out, 'tiny/report.json'));
    expect(report).toMatchObject({ verdict: 'interrupted', exitCode: 130, complete: false });
    expect(report.attacks.every((attack: { results: unknown[] }) => attack.results.length === 0)).toBe(true);
    expect(JSON.parse(read(out, 'summary.json'))).toMatchObject({ verdict: 'interrupted', exitCode: 130 });
    expect(lastEvent(out)).toMatchObject({ type: 'run:end', verdict: 'interrupted', exitCode: 130 });
    expect(read(out, 'tiny/summary.md')).toMatch(/INTERRUPTED/);
  });
});

describe('class 3: a report that fails to write after the verdict changes the one verdict', () => {
  const withStepSummary = async (path: string, out: string) => {
    const previous = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = path;
    try {
      return await run(out);
    } finally {
      if (previous === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = previous;
    }
  };

  it.each([
    ['a folder', () => { mkdirSync(join(dir, 'summary-folder'), { recursive: true }); return join(dir, 'summary-folder'); }, /is a folder/],
    ['a path under a file', () => join(dir, 'tiny.suite.json', 'summary.md'), /cannot be written|no such file|not a directory/i],
    ['/dev/full (disk full)', () => '/dev/full', /not a regular file/],
  ] as const)('$GITHUB_STEP_SUMMARY is %s: console, summary.json, events.ndjson and exit code all say error / 3', async (_what, target, reason) => {
    const out = `out-summary-${_what.replace(/\W+/g, '-')}`;
    const result = await withStepSummary(target(), out);
    expect(result.exit, result.output).toBe(3);
    expect(result.output).toMatch(/Could not append to \$GITHUB_STEP_SUMMARY/);
    expect(result.output).toMatch(reason);
    expect(result.output).toMatch(/ERROR: 1\/1 suite\(s\) passed .* exit 3/);
    expect(result.output).not.toMatch(/exit 0/);
    expect(JSON.parse(read(out, 'summary.json'))).toMatchObject({ verdict: 'error', exitCode: 3 });
    expect(JSON.parse(read(out, 'summary.json')).outputErrors[0]).toMatch(/GITHUB_STEP_SUMMARY/);
    const events = read(out, 'events.ndjson').trim().split('\n').map((line) => JSON.parse(line));
    expect(events.filter((event) => event.type === 'run:end')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'run:end', verdict: 'error', exitCode: 3 });
  });

  it('$GITHUB_STEP_SUMMARY is a FIFO with no reader: refused at once (never blocks), exit 3', async () => {
    const fifo = join(dir, 'summary.fifo');
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [fifo]);
    const result = await withStepSummary(fifo, 'out-summary-fifo');
    expect(result.exit, result.output).toBe(3);
    expect(result.output).toMatch(/not a regular file/);
  }, 30_000);

  it('summary.json cannot be written (a folder in its place): the console verdict and events.ndjson already say error / 3', async () => {
    mkdirSync(join(dir, 'out-blocked', 'summary.json'), { recursive: true });
    const result = await run('out-blocked');
    expect(result.exit, result.output).toBe(3);
    expect(result.output).toMatch(/Could not write .*summary\.json/);
    expect(result.output).toMatch(/ERROR: .* exit 3/);
    expect(result.output).not.toMatch(/exit 0/);
    expect(lastEvent('out-blocked')).toMatchObject({ type: 'run:end', verdict: 'error', exitCode: 3 });
  });
});
