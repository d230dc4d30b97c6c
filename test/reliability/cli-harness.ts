/**
 * Runs the CLI in this process (`runCli` from the sources, as `main.ts` does) with stdout and
 * stderr captured and a time bound, so hundreds of hostile inputs run in seconds. A call that
 * does not finish within the bound reports `hung` instead of blocking the test run.
 */
import { vi } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

/** What one CLI call did. */
export interface CliOutcome {
  /** Exit code, or `hung` when the call did not finish in time. */
  exit: number | 'hung';
  /** stdout and stderr interleaved as written. */
  output: string;
  ms: number;
}

/** A stack-trace line (`    at fn (file.js:12:34)`): never part of a user-facing message. */
export const stackTracePattern = /\n\s+at .*:\d+:\d+/;

/**
 * Runs `robustcheck ...args` in `cwd`. Not re-entrant: the working folder and the process
 * streams are shared, so calls must not overlap.
 */
export async function runCliInProcess(args: string[], cwd: string, timeoutMs = 30_000): Promise<CliOutcome> {
  let output = '';
  const capture = (chunk: string | Uint8Array) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  };
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
  const previous = process.cwd();
  process.chdir(cwd);
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const exit = await Promise.race([
      runCli(['node', 'robustcheck', ...args]),
      new Promise<'hung'>((resolve) => { timer = setTimeout(() => resolve('hung'), timeoutMs); }),
    ]);
    return { exit, output, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
    process.chdir(previous);
    errSpy.mockRestore();
    outSpy.mockRestore();
  }
}

/** Keys anyone added to `Object.prototype` (prototype pollution leaves them behind). */
export function prototypePollution(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).filter((key) => !baselinePrototypeKeys.has(key));
}

const baselinePrototypeKeys = new Set(Object.getOwnPropertyNames(Object.prototype));
