import AjvModule, { type ValidateFunction } from 'ajv';
import { InputError } from '../errors.js';
import { describeFileProblem, readRegularFile } from '../io/regular-file.js';
import { parseBoundedJson } from './bounded-json.js';
import { eventsVersion, type RunEvent } from '../runner/events.js';
import { idPattern, type JsonSchema } from '../suite/schema.js';
import { checkReport, maxReportBytes } from './read-report.js';
import { caseResultSchema } from './report-schema.js';

const Ajv = AjvModule.default;

const id = { type: 'string', pattern: idPattern };
const text = { type: 'string' };
const count = { type: 'integer', minimum: 0 };
const number = { type: 'number' };
const event = (properties: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', required: ['type', ...Object.keys(properties)], properties: { type: text, ...properties } });
/** `schema` with further properties that may be absent (e.g. `engine` of models loaded outside the suite loader). */
const withOptional = (schema: JsonSchema, optional: Record<string, JsonSchema>): JsonSchema => ({ ...schema, properties: { ...(schema.properties as Record<string, JsonSchema>), ...optional } });

/**
 * Shapes of each event type (DESIGN.md §4) as far as reporters read them. `suite:end` reports are
 * checked against the full report schema separately.
 */
const eventSchemas: Record<RunEvent['type'], JsonSchema> = {
  'run:start': event({
    version: { const: eventsVersion }, tool: { type: 'object', required: ['name', 'version'], properties: { name: text, version: text } },
    suites: { type: 'array', items: id }, backend: { type: 'object', required: ['backend', 'reason'], properties: { backend: text, reason: text } }, time: text,
  }),
  'suite:start': withOptional(event({
    suiteId: id, path: text, samples: count, time: text,
    attacks: { type: 'array', items: { type: 'object', required: ['id', 'type', 'budgets', 'budgetKind'], properties: { id, type: text, budgets: { type: 'array', items: number }, budgetKind: { enum: ['epsilon', 'severity'] } } } },
  }), { engine: { type: 'object', required: ['engine', 'reason'], properties: { engine: text, reason: text } } }),
  'clean:end': event({ suiteId: id, samples: count, correct: count, accuracy: number, ci95: { type: 'array', items: number, minItems: 2, maxItems: 2 } }),
  'case:progress': event({ suiteId: id, attackId: id, budget: number, done: count, total: count, robustSoFar: count }),
  'case:end': event({ suiteId: id, attackId: id, budget: number, result: caseResultSchema() }),
  'suite:end': event({ suiteId: id, report: { type: 'object' } }),
  'suite:error': event({ suiteId: id, path: text, exitCode: count, error: { type: 'object', required: ['code', 'message'], properties: { code: text, message: text } } }),
  'run:end': event({
    verdict: { enum: ['pass', 'fail', 'error', 'interrupted'] }, exitCode: count, durationMs: number,
    suites: { type: 'array', items: { type: 'object', required: ['id', 'verdict', 'exitCode'], properties: { id, verdict: text, exitCode: count } } },
  }),
  log: event({ level: { enum: ['info', 'warn', 'error'] }, message: text }),
};

let validators: Record<string, ValidateFunction> | undefined;

/**
 * Parses an `events.ndjson` event log and checks every event before any reporter sees it: the
 * first must be `run:start` of this event version, each line one known event whose shape
 * reporters can rely on, each `suite:end` report a valid report.json. `source` names the file in
 * messages, which give the line number.
 */
export function parseEventLog(content: string, source: string): RunEvent[] {
  validators ??= Object.fromEntries(Object.entries(eventSchemas).map(([type, schema]) => [type, new Ajv({ strict: true, allErrors: true }).compile(schema)]));
  const events: RunEvent[] = [];
  const lines = content.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source}:${i + 1}`;
    const value = parseBoundedJson(line, where, 'EVENTS_JSON');
    const type = (value as { type?: unknown } | null)?.type;
    const validate = typeof type === 'string' && Object.hasOwn(validators!, type) ? validators![type]! : undefined;
    if (!validate) throw new InputError('EVENTS_TYPE', `${where}: unknown event type ${JSON.stringify(type)}.`);
    if (events.length === 0 && type !== 'run:start') throw new InputError('EVENTS_START', `${where}: an event log starts with run:start; this is not an events.ndjson written by robustcheck.`);
    if (type === 'run:start' && (value as { version?: unknown }).version !== eventsVersion) {
      throw new InputError('EVENTS_VERSION', `${where}: event log version ${JSON.stringify((value as { version?: unknown }).version)} is not supported (this robustcheck reads version ${eventsVersion}).`);
    }
    if (!validate(value)) {
      const problems = (validate.errors ?? []).slice(0, 3).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`).join('; ');
      throw new InputError('EVENTS_INVALID', `${where}: malformed ${String(type)} event: ${problems}.`);
    }
    if (type === 'suite:end') checkReport((value as { report: unknown }).report, `${where} (suite:end report)`);
    events.push(value as RunEvent);
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
