import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEventValidator } from '../../src/events/validate-event.js';
import type { RunEvent } from '../../src/events/run-event.js';
import { parseEventLog } from '../../src/report/event-log.js';
import { createNdjsonReporter } from '../../src/reporters/ndjson-reporter.js';
import { fixtureEvents } from '../reporters/helpers.js';

const interrupt: RunEvent = { type: 'run:interrupt', signal: 'SIGTERM', time: '2026-01-01T00:00:00.000Z' };
const validate = createEventValidator({ id: { type: 'string' }, caseResult: { type: 'object' } });

describe('run:interrupt', () => {
  it('is a known event: valid with SIGINT or SIGTERM, malformed with another signal', () => {
    expect(validate(interrupt, 'x:2', false)).toBeUndefined();
    expect(validate({ ...interrupt, signal: 'SIGKILL' }, 'x:2', false)).toMatchObject({ code: 'EVENTS_INVALID' });
    expect(validate(interrupt, 'x:1', true)).toMatchObject({ code: 'EVENTS_START' });
  });

  it('parses inside an event log', () => {
    const events = fixtureEvents();
    const lines = events.map((event) => JSON.stringify(event));
    lines.splice(3, 0, JSON.stringify(interrupt));
    expect(parseEventLog(lines.join('\n'), 'x.ndjson')[3]).toEqual(interrupt);
  });

  it('is left out of events.ndjson: run:end records the interruption, and a replay must not repeat the notice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-interrupt-'));
    try {
      const reporter = createNdjsonReporter({ outDir: dir, stdout: process.stdout });
      const [start, ...rest] = fixtureEvents();
      reporter.onEvent(start!);
      reporter.onEvent(interrupt);
      for (const event of rest) reporter.onEvent(event);
      reporter.close?.();
      const written = readFileSync(join(dir, 'events.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as RunEvent);
      expect(written.map((event) => event.type)).not.toContain('run:interrupt');
      expect(written).toHaveLength(rest.length + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
