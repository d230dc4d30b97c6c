import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../src/events/run-event.js';
import { parseEventLog } from '../../src/report/event-log.js';
import type { SuiteReport } from '../../src/report/report-types.js';

/** The recorded event stream of the fixture project (see record-events.test.ts). */
export const eventsFixturePath = join(import.meta.dirname, '../fixtures/events/tiny-run.ndjson');

/** Parsed, validated events of the recorded fixture run. */
export function fixtureEvents(): RunEvent[] {
  return parseEventLog(readFileSync(eventsFixturePath, 'utf8'), eventsFixturePath);
}

/** The suite report carried by the fixture's `suite:end`. */
export function fixtureReport(events = fixtureEvents()): SuiteReport {
  const end = events.find((event) => event.type === 'suite:end');
  if (end?.type !== 'suite:end') throw new Error('fixture has no suite:end');
  return end.report;
}

/**
 * Masks what may differ between two recordings of the same run: ISO dates, durations, rates, and
 * the `time` attributes of JUnit XML.
 */
export function maskTimes(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g, '<date>')
    .replace(/"(durationMs|samplesPerSecond)": [\d.e+-]+/g, '"$1": <n>')
    .replace(/\b(time)="[\d.]+"/g, '$1="<s>"')
    .replace(/\d+(\.\d+)? s\b/g, '<s> s')
    .replace(/<td class="num">\d+<\/td><\/tr>/g, '<td class="num"><rate></td></tr>')
    .replace(/\d+ samples\/s/g, '<rate> samples/s');
}

/** Replaces `data:` URIs by a short hash of their content, so snapshots stay readable but exact. */
export function hashDataUris(text: string): string {
  return text.replace(/data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)/g, (_, mime: string, data: string) =>
    `data:${mime};sha256-${createHash('sha256').update(data).digest('hex').slice(0, 16)}`);
}

/** Hostile strings (docs/reliability.md E): markup, quotes, entities, controls, bidi overrides, Markdown. */
export const hostileStrings = [
  '<script>alert(1)</script>',
  '</script><img src=x onerror=alert(2)>',
  '"quoted" \'single\' & ampersand &amp; &#60;',
  'ctrl\u0000\u0001\u0007\u001b[31m\u007f\u0085 end',
  'rtl \u202eexe.txt\u202c \u2066iso\u2069 \u200f',
  'line\nbreak\r\nand | pipe ` tick *star* _u_ [link](http://x) ![img](http://y) @everyone',
  '# heading\n- list\n> quote',
  ']]> <!-- --> <![CDATA[x]]> \ud800 lone surrogate',
];
