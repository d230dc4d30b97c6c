/**
 * Rewrites ajv's raw errors ("must be >= 0", "must NOT have additional properties") into messages
 * that say which field is wrong, what was expected, what was found and how to fix it.
 */
import type { ErrorObject } from 'ajv';
import { describeValue, fieldLabel, quoteList } from './describe-value.js';
import { childPointer, pointerTokens, valueAtPointer } from './json-pointer.js';
import { patternHints } from './schema.js';
import { closestName, didYouMean } from './suggest.js';
import { norms } from '../tensor/norms.js';

/** A problem located by JSON pointer, before file and position are attached. */
export interface Finding {
  pointer: string;
  message: string;
}

type SchemaNode = Record<string, unknown>;

const typeNames: Readonly<Record<string, string>> = {
  number: 'a number',
  integer: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

const comparisons: Readonly<Record<string, string>> = { minimum: '≥', maximum: '≤', exclusiveMinimum: '>', exclusiveMaximum: '<' };

/** Keywords whose errors only restate a more specific error reported beside them. */
const echoKeywords = new Set(['if', 'additionalItems']);

/** `/attacks/3/…` → the attack entry, so messages can name its type. */
function attackEntry(root: unknown, pointer: string): { type?: string } | undefined {
  const tokens = pointerTokens(pointer);
  if (tokens[0] !== 'attacks' || tokens[1] === undefined) return undefined;
  const entry = valueAtPointer(root, `/attacks/${tokens[1]}`);
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  const type = (entry as Record<string, unknown>).type;
  return { type: typeof type === 'string' ? type : undefined };
}

function typeMessage(label: string, expected: string, data: unknown): string {
  const base = `${label} must be ${typeNames[expected] ?? expected}, got ${describeValue(data)}`;
  if (typeof data !== 'string') return base;
  const trimmed = data.trim();
  if ((expected === 'number' || expected === 'integer') && /^[-+]?(nan|infinity|inf)$/i.test(trimmed)) {
    return `${base} — JSON has no NaN or Infinity; write a finite number`;
  }
  if ((expected === 'number' || expected === 'integer') && trimmed !== '' && Number.isFinite(Number(trimmed))) {
    return `${base} — remove the quotes: ${trimmed}`;
  }
  if (expected === 'boolean' && (trimmed === 'true' || trimmed === 'false')) return `${base} — remove the quotes: ${trimmed}`;
  return base;
}

function limitHint(pointer: string, keyword: string): string {
  const tokens = pointerTokens(pointer);
  if (tokens.at(-2) === 'epsilons' && keyword === 'maximum') return ' — ε is in input units (those of inputRange), e.g. 0.03';
  if (tokens.at(-2) === 'epsilons') return ' — ε is a distance; use 0 for the clean input';
  return '';
}

function enumMessage(error: ErrorObject, root: unknown, label: string): string {
  const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
  const data = error.data;
  const tokens = pointerTokens(error.instancePath);
  const suggestion = typeof data === 'string' ? didYouMean(data, allowed.filter((value): value is string => typeof value === 'string')) : '';
  if (tokens[0] === 'attacks' && tokens.length === 3 && tokens[2] === 'type') {
    return `unknown attack type ${describeValue(data)}${suggestion} (valid types: ${allowed.join(', ')}; see robustcheck list)`;
  }
  if (tokens[0] === 'attacks' && tokens.length === 3 && tokens[2] === 'norm') {
    const type = attackEntry(root, error.instancePath)?.type;
    if (typeof data === 'string' && (norms as readonly string[]).includes(data) && type !== undefined) {
      return `attack type '${type}' does not support norm '${data}' — use one of: ${allowed.join(', ')}`;
    }
    return `unknown norm ${describeValue(data)}${didYouMean(String(data), norms)} (valid norms: ${norms.join(', ')})`;
  }
  return `${label} must be one of ${quoteList(allowed)}; got ${describeValue(data)}${suggestion}`;
}

function requiredMessage(error: ErrorObject, root: unknown): string {
  const missing = (error.params as { missingProperty: string }).missingProperty;
  const where = error.instancePath === '' ? 'the suite' : fieldLabel(error.instancePath);
  const type = attackEntry(root, error.instancePath)?.type;
  if (missing === 'epsilons' && type !== undefined) return `attack type '${type}' needs 'epsilons' — add e.g. "epsilons": [0.01, 0.03] (budgets in input units)`;
  if (missing === 'severities' && type !== undefined) return `attack type '${type}' needs 'severities' — add e.g. "severities": [1, 3, 5] (1–5)`;
  return `missing required property '${missing}' in ${where} — add it`;
}

function additionalMessage(error: ErrorObject, root: unknown): string {
  const name = (error.params as { additionalProperty: string }).additionalProperty;
  const allowed = Object.keys(((error.parentSchema as SchemaNode | undefined)?.properties as SchemaNode | undefined) ?? {});
  const type = attackEntry(root, error.instancePath)?.type;
  const isAttack = type !== undefined && pointerTokens(error.instancePath).length === 2;
  const owner = isAttack ? ` for attack type '${type}'` : '';
  if (isAttack && name === 'severities' && allowed.includes('epsilons')) return `attack type '${type}' takes 'epsilons', not 'severities' — rename it`;
  if (isAttack && name === 'epsilons' && allowed.includes('severities')) return `attack type '${type}' takes 'severities' 1–5, not 'epsilons' — rename it`;
  if (isAttack && name === 'norm') return `attack type '${type}' has no norm — remove 'norm'`;
  const suggestion = closestName(name, allowed);
  if (suggestion !== undefined) return `unknown property '${name}'${owner} — did you mean '${suggestion}'?`;
  return `unknown property '${name}'${owner} — remove it; allowed: ${allowed.join(', ')}`;
}

function lengthMessage(error: ErrorObject, label: string): string {
  const limit = (error.params as { limit: number }).limit;
  const tokens = pointerTokens(error.instancePath);
  if (tokens.length === 1 && tokens[0] === 'attacks' && error.keyword === 'minItems') {
    return 'the suite needs at least one attack — add an entry to \'attacks\', e.g. { "id": "fgsm", "type": "fgsm", "epsilons": [0.03] }';
  }
  if (tokens.at(-1) === 'inputRange') return `'inputRange' must be two numbers [low, high], e.g. [0, 1]`;
  const count = Array.isArray(error.data) ? error.data.length : 0;
  if (error.keyword === 'minItems') return `${label} must have at least ${limit} item${limit === 1 ? '' : 's'}, got ${count}`;
  return `${label} must have at most ${limit} item${limit === 1 ? '' : 's'}, got ${count}`;
}

/** One ajv error as a finding, or `undefined` when another error already says it. */
function findingFor(error: ErrorObject, root: unknown): Finding | undefined {
  const pointer = error.instancePath;
  const label = fieldLabel(pointer);
  const parentSchema = (error.parentSchema ?? {}) as SchemaNode;
  if (echoKeywords.has(error.keyword)) return undefined;
  // The threshold anyOf branches each report a missing property; the anyOf error says it once.
  if (error.schemaPath.includes('/anyOf/')) return undefined;
  switch (error.keyword) {
    case 'type':
      return { pointer, message: typeMessage(label, String((error.params as { type: string }).type), error.data) };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const limit = (error.params as { limit: number }).limit;
      const noun = parentSchema.type === 'integer' ? 'an integer' : 'a number';
      return { pointer, message: `${label} must be ${noun} ${comparisons[error.keyword]} ${limit}, got ${describeValue(error.data)}${limitHint(pointer, error.keyword)}` };
    }
    case 'enum':
      return { pointer, message: enumMessage(error, root, label) };
    case 'required':
      return { pointer, message: requiredMessage(error, root) };
    case 'additionalProperties':
      return { pointer: childPointer(pointer, (error.params as { additionalProperty: string }).additionalProperty), message: additionalMessage(error, root) };
    case 'minItems':
    case 'maxItems':
      return { pointer, message: lengthMessage(error, label) };
    case 'uniqueItems': {
      const { i, j } = error.params as { i: number; j: number };
      const [first, second] = i < j ? [i, j] : [j, i];
      const value = Array.isArray(error.data) ? error.data[second] : undefined;
      return { pointer: childPointer(pointer, second), message: `${label} lists ${describeValue(value)} twice (items ${first} and ${second}) — remove the duplicate` };
    }
    case 'pattern': {
      const hint = patternHints[String((error.params as { pattern: string }).pattern)] ?? `must match ${String((error.params as { pattern: string }).pattern)}`;
      return { pointer, message: `${label} ${hint}, got ${describeValue(error.data)}` };
    }
    case 'minLength':
      return { pointer, message: `${label} must not be empty` };
    case 'maxLength':
      return { pointer, message: `${label} must be at most ${(error.params as { limit: number }).limit} characters long` };
    case 'anyOf':
      return { pointer, message: `a threshold needs 'min' and/or 'max' — add e.g. "min": 0.8` };
    default:
      return { pointer, message: `${label} ${error.message ?? 'is invalid'}` };
  }
}

/**
 * Converts ajv errors (compiled with `verbose: true`, so each error carries its data and parent
 * schema) into findings, dropping errors that repeat one another.
 *
 * @param root - the validated document, to name an attack entry's type in messages
 */
export function findingsFromAjv(errors: readonly ErrorObject[], root: unknown): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const error of errors) {
    const finding = findingFor(error, root);
    if (finding === undefined) continue;
    const key = `${finding.pointer}\u0000${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}
