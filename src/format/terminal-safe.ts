import { neutralizeControls } from './escape.js';

/**
 * A copy of `value` with every string made safe for a terminal by {@link neutralizeControls}
 * (ESC, BEL, C0/C1 controls, bidi overrides shown as `\uXXXX`; newlines and tabs kept). Terminal
 * views (plain, ink, the explorer) show strings from events and reports that `report render`,
 * `report merge` and `ui` read from files anyone could have written: they pass them through this
 * first, the same escaping the run path's messages get (`printable`).
 */
export function terminalSafe<T>(value: T): T {
  return copy(value, 0) as T;
}

/** Depth past which nothing is copied further (reports are refused above 64 levels when read). */
const maxDepth = 100;

function copy(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return neutralizeControls(value, true);
  if (value === null || typeof value !== 'object' || depth > maxDepth) return value;
  // Typed arrays hold numbers only.
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map((item) => copy(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = copy(item, depth + 1);
  return out;
}
