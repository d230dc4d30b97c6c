import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, beforeAll } from 'vitest';
import { prepareHtmlReports } from '../../src/reporters/html-reporter.js';
import { replayEvents } from '../../src/cli/render-events.js';
import { createHtmlReporter } from '../../src/reporters/html-reporter.js';
import { createJsonReporter } from '../../src/reporters/json-reporter.js';
import { createJunitReporter } from '../../src/reporters/junit-reporter.js';
import { createMarkdownReporter } from '../../src/reporters/markdown-reporter.js';
import { createNdjsonReporter } from '../../src/reporters/ndjson-reporter.js';
import { createPlainReporter } from '../../src/reporters/plain-reporter.js';
import type { Reporter, ReporterOptions } from '../../src/events/reporter.js';
import { eventsFixturePath, fixtureEvents, hashDataUris, maskTimes } from './helpers.js';

// HTML charts load lazily; the CLI awaits them before rendering, and so do these tests.
beforeAll(() => prepareHtmlReports());

/** Captures what a reporter prints. */
function captureStdout(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } });
  return { stream, text: () => chunks.join('') };
}

/** Replays the recorded run into one reporter; returns its output folder and printed text. */
function replay(create: (options: ReporterOptions) => Reporter): { out: string; printed: string } {
  const out = mkdtempSync(join(tmpdir(), 'robustcheck-snap-'));
  const stdout = captureStdout();
  replayEvents(fixtureEvents(), [create({ outDir: out, stdout: stdout.stream })]);
  return { out, printed: stdout.text() };
}

const snapshot = (name: string) => join(import.meta.dirname, '__snapshots__', name);

describe('reporters replaying the recorded fixture run (times masked)', () => {
  it('json: report.json and summary.json', async () => {
    const { out } = replay(createJsonReporter);
    await expect(maskTimes(readFileSync(join(out, 'tiny', 'report.json'), 'utf8'))).toMatchFileSnapshot(snapshot('tiny.report.json'));
    await expect(maskTimes(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchFileSnapshot(snapshot('tiny.summary.json'));
  });

  it('junit: junit.xml', async () => {
    const { out } = replay(createJunitReporter);
    await expect(maskTimes(readFileSync(join(out, 'tiny', 'junit.xml'), 'utf8'))).toMatchFileSnapshot(snapshot('tiny.junit.xml'));
  });

  it('markdown: summary.md', async () => {
    const { out } = replay(createMarkdownReporter);
    await expect(maskTimes(readFileSync(join(out, 'tiny', 'summary.md'), 'utf8'))).toMatchFileSnapshot(snapshot('tiny.summary.md'));
  });

  it('html: report.html (embedded images replaced by their hashes)', async () => {
    const { out } = replay(createHtmlReporter);
    await expect(hashDataUris(maskTimes(readFileSync(join(out, 'tiny', 'report.html'), 'utf8')))).toMatchFileSnapshot(snapshot('tiny.report.html'));
  });

  it('plain: console output', async () => {
    const { printed } = replay(createPlainReporter);
    await expect(maskTimes(printed)).toMatchFileSnapshot(snapshot('tiny.plain.txt'));
  });

  it('ndjson: replaying the log writes the same log back, byte for byte', () => {
    const { out } = replay(createNdjsonReporter);
    expect(readFileSync(join(out, 'events.ndjson'), 'utf8')).toBe(readFileSync(eventsFixturePath, 'utf8'));
  });
});
