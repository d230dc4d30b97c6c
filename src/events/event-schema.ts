/**
 * JSON Schema (draft-07) of each event type (DESIGN.md §4), as far as reporters read them. The
 * parts that belong to the report — the id pattern and the shape of one result — are passed in
 * by the report layer, so the event module stays a leaf; `suite:end` reports are checked
 * against the full report schema separately.
 */
import { eventsVersion, type RunEvent } from './run-event.js';

/** A JSON Schema object. */
export type EventJsonSchema = Record<string, unknown>;

/** Schemas owned by the report that events embed. */
export interface EventSchemaParts {
  /** Suite and attack ids. */
  id: EventJsonSchema;
  /** One attack × budget result (`case:end`). */
  caseResult: EventJsonSchema;
}

const text = { type: 'string' };
const count = { type: 'integer', minimum: 0 };
const number = { type: 'number' };
const event = (properties: Record<string, EventJsonSchema>): EventJsonSchema => ({ type: 'object', required: ['type', ...Object.keys(properties)], properties: { type: text, ...properties } });
/** `schema` with further properties that may be absent (e.g. `engine` of models loaded outside the suite loader). */
const withOptional = (schema: EventJsonSchema, optional: Record<string, EventJsonSchema>): EventJsonSchema => ({ ...schema, properties: { ...(schema.properties as Record<string, EventJsonSchema>), ...optional } });

/** The schema of every event type, keyed by `type`. */
export function buildEventSchemas({ id, caseResult }: EventSchemaParts): Record<RunEvent['type'], EventJsonSchema> {
  return {
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
    'case:end': event({ suiteId: id, attackId: id, budget: number, result: caseResult }),
    'suite:end': event({ suiteId: id, report: { type: 'object' } }),
    'suite:error': event({ suiteId: id, path: text, exitCode: count, error: { type: 'object', required: ['code', 'message'], properties: { code: text, message: text } } }),
    'run:end': event({
      verdict: { enum: ['pass', 'fail', 'error', 'interrupted'] }, exitCode: count, durationMs: number,
      suites: { type: 'array', items: { type: 'object', required: ['id', 'verdict', 'exitCode'], properties: { id, verdict: text, exitCode: count } } },
    }),
    log: event({ level: { enum: ['info', 'warn', 'error'] }, message: text }),
    'run:interrupt': event({ signal: { enum: ['SIGINT', 'SIGTERM'] }, time: text }),
  };
}
