import { escapeHtml } from '../../format/escape.js';

/** HTML that is already safe: produced by {@link html} (interpolations escaped) or trusted constants. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/**
 * Tagged template for HTML: every interpolated value is escaped unless it is {@link SafeHtml}
 * (nested templates), arrays are joined, and `null`, `undefined` and `false` render nothing. With
 * escaping the default, no string from a report can become markup by forgetting a call.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  const render = (value: unknown): string => {
    if (value instanceof SafeHtml) return value.value;
    if (Array.isArray(value)) return value.map(render).join('');
    if (value === null || value === undefined || value === false) return '';
    return escapeHtml(String(value));
  };
  return new SafeHtml(strings.reduce((out, text, i) => out + text + (i < values.length ? render(values[i]) : ''), ''));
}
