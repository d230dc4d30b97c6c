/** Short renderings of user values and field names for validation messages. */
import { pointerTokens } from './json-pointer.js';

/** `got …` text for a value: numbers and short strings as written, containers by kind. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/**
 * The field a pointer names, for the start of a message: `/attacks/0/steps` → `'steps'`,
 * `/attacks/0/epsilons/1` → `'epsilons[1]'`, `''` → `the suite`.
 */
export function fieldLabel(pointer: string): string {
  const tokens = pointerTokens(pointer);
  if (tokens.length === 0) return 'the suite';
  const last = tokens.at(-1)!;
  if (/^\d+$/.test(last)) {
    const parent = tokens.at(-2);
    return parent === undefined ? `item ${last}` : `'${parent}[${last}]'`;
  }
  return `'${last}'`;
}

/** Joins names for a message: `'a', 'b', 'c'`. */
export function quoteList(values: readonly unknown[]): string {
  return values.map((value) => (typeof value === 'string' ? `'${value}'` : String(value))).join(', ');
}
