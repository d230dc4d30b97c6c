/**
 * Issue "Reliability and security", done-when 3: a real CLI run interrupted after its first
 * attack result writes reports that parse, say `complete: false` and keep that result, exits 130,
 * and leaves no temporary files. SIGTERM behaves the same; a second Ctrl-C quits at once.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteReport } from '../../src/report/report-types.js';
import { cliPath, createFixtureProject, fixtureSuite } from '../helpers/cli-fixture.js';
import { stackTracePattern } from './cli-harness.js';

let project: Awaited<ReturnType<typeof createFixtureProject>>;
beforeAll(async () => {
  project = await createFixtureProject();
  // FGSM finishes in well under a second; PGD then takes seconds per batch (4 000 steps, most samples survive).
  project.writeSuite('slow.suite.json', fixtureSuite({
    attacks: [
      { id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.05] },
      { id: 'pgd', type: 'pgd', norm: 'linf', epsilons: [0.05, 0.1], steps: 4000, randomStart: false },
    ],
  }));
});
afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

interface Interrupted {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Spawns `robustcheck run slow.suite.json`, waits for the first attack line on stdout (plus
 * `delayMs`), sends `signals[0]`, then `signals[1]` (if any) as soon as the CLI has acknowledged
 * the first on stderr, and waits for the process to end.
 */
function runAndInterrupt(out: string, signals: NodeJS.Signals[], extraArgs: string[] = [], delayMs = 0): Promise<Interrupted> {
  // No --reporter: the plain console reporter plus every file report, as CI runs it. The tfjs
  // engine keeps each PGD batch seconds long, which the timing of these signals relies on
  // (ONNX Runtime finishes the tiny model's batches too fast to interrupt one reliably).
  const child = spawn(process.execPath, [cliPath, 'run', 'slow.suite.json', '--out', out, '--engine', 'tfjs', ...extraArgs], {
    cwd: project.dir, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  let resignalled = false;
  const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (!signalled && /\n {2}fgsm\s+linf ε=0\.05\s+robust/.test(stdout)) {
      signalled = true;
      setTimeout(() => child.kill(signals[0]), delayMs);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    if (signals[1] && !resignalled && stderr.includes('Interrupted:')) {
      resignalled = true;
      child.kill(signals[1]);
    }
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }) : [];
}

/** Every report file is whole: JSON parses, the event log is one JSON event per line, XML and HTML are closed. */
function expectWholeFiles(dir: string): void {
  const files = filesUnder(dir).filter((name) => /\.(json|ndjson|xml|html|md)$/.test(name));
  expect(files).toEqual(expect.arrayContaining(['summary.json', 'events.ndjson', join('tiny', 'report.json')]));
  for (const name of files) {
    const text = readFileSync(join(dir, name), 'utf8');
    if (name.endsWith('.ndjson')) for (const line of text.trim().split('\n')) expect(() => JSON.parse(line), name).not.toThrow();
    else if (name.endsWith('.json')) expect(() => JSON.parse(text), name).not.toThrow();
    else if (name.endsWith('.xml')) expect(text.trimEnd(), name).toMatch(/<\/testsuites>$/);
    else if (name.endsWith('.html')) expect(text.trimEnd(), name).toMatch(/<\/html>$/i);
    else expect(text.length, name).toBeGreaterThan(0);
  }
}

function expectInterruptedReports(out: string): SuiteReport {
  expectWholeFiles(join(project.dir, out));
  const report = JSON.parse(readFileSync(join(project.dir, out, 'tiny', 'report.json'), 'utf8')) as SuiteReport;
  expect(report.complete).toBe(false);
  // The result finished before the signal is kept, with its per-sample outcomes.
  const fgsm = report.attacks.find((attack) => attack.id === 'fgsm')!;
  expect(fgsm.results).toHaveLength(1);
  expect(fgsm.results[0]!.epsilon).toBe(0.05);
  expect(report.outcomes.attacks.fgsm?.['0.05']).toMatch(/^[01]{60}$/);
  expect(report.attacks.find((attack) => attack.id === 'pgd')?.results.length ?? 0).toBeLessThan(2);
  const summary = JSON.parse(readFileSync(join(project.dir, out, 'summary.json'), 'utf8'));
  expect(summary).toMatchObject({ verdict: 'interrupted', exitCode: 130 });
  // The event log is flushed through run:end.
  const events = readFileSync(join(project.dir, out, 'events.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  expect(events.some((event) => event.type === 'case:end' && event.attackId === 'fgsm')).toBe(true);
  expect(events.at(-1)).toMatchObject({ type: 'run:end', verdict: 'interrupted', exitCode: 130 });
  expect(filesUnder(join(project.dir, out)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  return report;
}

describe('interrupting a run', () => {
  it('SIGINT after the first attack result: exit 130, reports parse, complete: false, that result kept, no temp files', async () => {
    const result = await runAndInterrupt('out-sigint', ['SIGINT']);
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/Interrupted: finishing the current batch and writing partial reports/);
    expect(result.stdout).toMatch(/incomplete: the run was interrupted; finished results were kept/);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(stackTracePattern);
    expectInterruptedReports('out-sigint');
  });

  it('SIGTERM on a single-threaded run behaves the same', async () => {
    const result = await runAndInterrupt('out-sigterm', ['SIGTERM'], ['--workers', '1']);
    expect(result.code, result.stderr).toBe(130);
    expectInterruptedReports('out-sigterm');
  });

  it('a second Ctrl-C quits at once: exit 130 without waiting for the batch or writing reports, no temp files', async () => {
    // The first arrives while the workers are inside a PGD batch (seconds long), so the graceful
    // path would still be waiting for it when the second arrives.
    const result = await runAndInterrupt('out-twice', ['SIGINT', 'SIGINT'], [], 700);
    expect(result.code, result.stderr).toBe(130);
    // The graceful path would finish the PGD batch (seconds) and then write report.json.
    expect(existsSync(join(project.dir, 'out-twice', 'tiny', 'report.json'))).toBe(false);
    expect(filesUnder(join(project.dir, 'out-twice')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
