import { InputError } from '../errors.js';
import { createEventValidator } from '../events/validate-event.js';
import type { RunEvent } from '../events/run-event.js';
import { describeFileProblem, readRegularFile } from '../io/regular-file.js';
import { parseBoundedJson } from './bounded-json.js';
import { idPattern } from '../suite/schema.js';
import { checkReport, maxReportBytes } from './read-report.js';
import { caseResultSchema } from './report-schema.js';

/** Events as the report defines their ids and results. */
const validateEvent = createEventValidator({ id: { type: 'string', pattern: idPattern }, caseResult: caseResultSchema() });

/**
 * Parses an `events.ndjson` event log and checks every event before any reporter sees it: the
 * first must be `run:start` of this event version, each line one known event whose shape
 * reporters can rely on (see `createEventValidator`), each `suite:end` report a valid
 * report.json. `source` names the file in messages, which give the line number.
 */
export function parseEventLog(content: string, source: string): RunEvent[] {
  const events: RunEvent[] = [];
  const lines = content.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source}:${i + 1}`;
    const value = parseBoundedJson(line, where, 'EVENTS_JSON');
    const problem = validateEvent(value, where, events.length === 0);
    if (problem) throw new InputError(problem.code, problem.message);
    const event = value as RunEvent;
    if (event.type === 'suite:end') checkReport(event.report, `${where} (suite:end report)`);
    events.push(event);
  });
  if (events.length === 0) throw new InputError('EVENTS_EMPTY', `${source} holds no events.`);
  return events;
}

/** Reads and parses an events.ndjson file (a regular file of at most {@link maxReportBytes}). */
export function readEventLog(path: string): RunEvent[] {
  const content = readRegularFile(path, {
    maxBytes: maxReportBytes,
    error: (problem, detail) => problem === 'too-large'
      ? new InputError('EVENTS_TOO_LARGE', `${path} ${describeFileProblem(problem, detail, maxReportBytes)}.`)
      : new InputError('EVENTS_MISSING', `Cannot read ${path}: ${describeFileProblem(problem, detail, maxReportBytes)}. Pass the events.ndjson a run wrote under its --out folder.`),
  }).toString('utf8');
  return parseEventLog(content, path);
}
