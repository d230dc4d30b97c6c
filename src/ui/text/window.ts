/**
 * The slice of a list to show so the cursor stays visible: `[start, end)` of at most `size`
 * items, keeping the cursor away from the edges where possible.
 *
 * @param count - items in the list
 * @param cursor - selected index (clamped)
 * @param size - rows available (≥ 1)
 */
export function visibleWindow(count: number, cursor: number, size: number): { start: number; end: number } {
  const rows = Math.max(1, Math.floor(size));
  if (count <= rows) return { start: 0, end: count };
  const selected = Math.max(0, Math.min(count - 1, cursor));
  const start = Math.max(0, Math.min(count - rows, selected - Math.floor(rows / 2)));
  return { start, end: start + rows };
}

/** Cuts `text` to `width` cells with an ellipsis (labels in fixed-width columns). */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
