import AjvModule, { type ValidateFunction } from 'ajv';
import { buildEventSchemas, type EventSchemaParts } from './event-schema.js';
import { eventsVersion } from './run-event.js';

const Ajv = AjvModule.default;

/** Why a value is not an event this version reads; `code` is the error code a reader reports it with. */
export interface EventProblem {
  code: 'EVENTS_TYPE' | 'EVENTS_START' | 'EVENTS_VERSION' | 'EVENTS_INVALID';
  message: string;
}

/**
 * Checks one parsed value of an event stream, in order.
 *
 * @param where - names the value in messages (`file:line`)
 * @param first - whether it is the stream's first event (which must be `run:start`)
 * @returns the problem, or undefined for a known event whose shape reporters can rely on
 */
export type EventValidator = (value: unknown, where: string, first: boolean) => EventProblem | undefined;

/**
 * A validator for event streams: each value one known event type, the first `run:start` of this
 * event version ({@link eventsVersion}), every event of its type's shape (see
 * {@link buildEventSchemas}). Schemas compile on first use.
 */
export function createEventValidator(parts: EventSchemaParts): EventValidator {
  let validators: Record<string, ValidateFunction> | undefined;
  return (value, where, first) => {
    validators ??= Object.fromEntries(Object.entries(buildEventSchemas(parts)).map(([type, schema]) => [type, new Ajv({ strict: true, allErrors: true }).compile(schema)]));
    const type = (value as { type?: unknown } | null)?.type;
    const validate = typeof type === 'string' && Object.hasOwn(validators, type) ? validators[type]! : undefined;
    if (!validate) return { code: 'EVENTS_TYPE', message: `${where}: unknown event type ${JSON.stringify(type)}.` };
    if (first && type !== 'run:start') return { code: 'EVENTS_START', message: `${where}: an event log starts with run:start; this is not an events.ndjson written by robustcheck.` };
    if (type === 'run:start' && (value as { version?: unknown }).version !== eventsVersion) {
      return { code: 'EVENTS_VERSION', message: `${where}: event log version ${JSON.stringify((value as { version?: unknown }).version)} is not supported (this robustcheck reads version ${eventsVersion}).` };
    }
    if (!validate(value)) {
      const problems = (validate.errors ?? []).slice(0, 3).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`).join('; ');
      return { code: 'EVENTS_INVALID', message: `${where}: malformed ${String(type)} event: ${problems}.` };
    }
    return undefined;
  };
}
