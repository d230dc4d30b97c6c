import { Console } from 'node:console';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInkReporter } from '../../src/ui/ink-reporter.js';
import { createPlainReporter } from '../../src/reporters/plain-reporter.js';
import { createReporters } from '../../src/cli/reporter-registry.js';
import { interruptNotice } from '../../src/view-text/interrupt-notice.js';
import type { RunEvent } from '../../src/events/run-event.js';
import { craftedStream, stripAnsi } from './fixtures.js';

/** A terminal-like stream: records writes, reports a size, emits resize. */
class FakeTerminal extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 40;
  chunks: string[] = [];
  write(chunk: string | Uint8Array, callback?: () => void): boolean {
    this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    callback?.();
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

const sink = { write: () => true } as unknown as NodeJS.WritableStream;
const interrupt: RunEvent = { type: 'run:interrupt', signal: 'SIGINT', time: '2026-01-01T00:00:00.000Z' };

// Ink patches the console (as it does in the CLI) with `new console.Console`, which vitest's
// console replacement lacks; lend it Node's for these tests.
const testConsole = console as { Console?: typeof Console };
const ownConsole = testConsole.Console;
beforeAll(() => {
  testConsole.Console ??= Console;
});
afterAll(() => {
  testConsole.Console = ownConsole;
});

describe('createReporters', () => {
  it('picks the Ink dashboard on an interactive terminal and the plain reporter otherwise', () => {
    const interactive = createReporters({ interactive: true, outDir: '/tmp/unused', stdout: sink }).map((reporter) => reporter.name);
    expect(interactive[0]).toBe('ink');
    expect(interactive).toContain('json');
    expect(interactive).not.toContain('plain');
    const piped = createReporters({ interactive: false, outDir: '/tmp/unused', stdout: sink }).map((reporter) => reporter.name);
    expect(piped[0]).toBe('plain');
    expect(piped).not.toContain('ink');
  });
});

describe('the plain reporter (pipes and CI)', () => {
  it('prints a line per attack × ε and a final table without any escape sequence', () => {
    const out = new FakeTerminal();
    const reporter = createPlainReporter({ outDir: '/tmp/unused', stdout: out as unknown as NodeJS.WritableStream });
    for (const { event } of craftedStream()) reporter.onEvent(event);
    expect(out.text).not.toMatch(/\u001B/);
    expect(out.text.match(/robust\s+\d+\.\d%/g)).toHaveLength(3);
    expect(out.text).toMatch(/tiny\s+10\s+90\.0%/);
  });

  it('acknowledges run:interrupt with the interruption notice on stderr, once, and leaves stdout to the results', () => {
    const out = new FakeTerminal();
    const err = new FakeTerminal();
    const reporter = createPlainReporter({ outDir: '/tmp/unused', stdout: out as unknown as NodeJS.WritableStream, stderr: err as unknown as NodeJS.WritableStream });
    for (const { event } of craftedStream().slice(0, 4)) reporter.onEvent(event);
    const before = out.text;
    reporter.onEvent(interrupt);
    expect(err.text).toBe(interruptNotice);
    expect(out.text).toBe(before);
  });
});

describe('createInkReporter', () => {
  it('draws the run on a terminal, throttled, and on close leaves the summary and restores the cursor', async () => {
    // Given
    const terminal = new FakeTerminal();
    const before = new Set(process.listeners('SIGINT'));
    const reporter = createInkReporter({ outDir: '/tmp/unused', stdout: terminal as unknown as NodeJS.WritableStream, colorSupport: { colors: false, truecolor: false } });
    // Ctrl-C belongs to the run command, which emits run:interrupt: the reporter installs no handler.
    expect(process.listeners('SIGINT').filter((listener) => !before.has(listener))).toHaveLength(0);
    const stream = craftedStream();
    // When: 400 progress events arrive within a few milliseconds mid-case
    for (const { event } of stream.slice(0, 4)) reporter.onEvent(event);
    await new Promise((resolve) => setTimeout(resolve, 300)); // Ink loads lazily
    const written = terminal.chunks.length;
    for (let done = 1; done <= 400; done++) {
      reporter.onEvent({ type: 'case:progress', suiteId: 'tiny', attackId: 'fgsm', budget: 0.01, done: Math.min(done, 9), total: 9, robustSoFar: 4 });
    }
    const burst = terminal.chunks.length - written;
    for (const { event } of stream.slice(4)) reporter.onEvent(event);
    reporter.close();
    await reporter.closed;
    // Then
    expect(burst).toBeLessThanOrEqual(3);
    const text = stripAnsi(terminal.text);
    expect(text).toContain('robustcheck 0.1.0 · backend wasm');
    expect(text).toContain('✗ tiny  score 64.8');
    expect(text).toContain('ERROR: 0/2 suite(s) passed · 2.5 s · exit 2');
    expect(terminal.text).toContain('\u001B[?25h'); // cursor shown again
    expect(terminal.listenerCount('resize')).toBe(0);
  });

  it('writes nothing when the run ends before any event (e.g. a backend failure)', async () => {
    const terminal = new FakeTerminal();
    const reporter = createInkReporter({ outDir: '/tmp/unused', stdout: terminal as unknown as NodeJS.WritableStream });
    reporter.close();
    await reporter.closed;
    expect(terminal.text).toBe('');
  });

  it('shows run:interrupt and writes the interruption notice once, through Ink, without touching process.stderr', async () => {
    const terminal = new FakeTerminal();
    const errors = new FakeTerminal();
    const reporter = createInkReporter({ outDir: '/tmp/unused', stdout: terminal as unknown as NodeJS.WritableStream, stderr: errors as unknown as NodeJS.WritableStream, colorSupport: { colors: false, truecolor: false } });
    for (const { event } of craftedStream().slice(0, 4)) reporter.onEvent(event);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const write = process.stderr.write;
    reporter.onEvent(interrupt);
    expect(process.stderr.write).toBe(write);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stripAnsi(terminal.text)).toContain('■ stopping: the current batch finishes');
    expect(errors.text.split(interruptNotice.trim())).toHaveLength(2);
    reporter.onEvent({ type: 'run:end', verdict: 'interrupted', exitCode: 130, durationMs: 10, suites: [] });
    reporter.close();
    await reporter.closed;
    expect(stripAnsi(terminal.text)).toContain('INTERRUPTED: 0/0 suite(s) passed');
  });
});
