/** Pure text pieces of the views: durations and bars. */

/** Seconds → "42s", "3m 05s" or "1h 02m" (ETA and elapsed labels). */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * A text progress bar of `width` cells using eighth blocks, e.g. `█████▍    `.
 *
 * @param fraction - progress in [0, 1] (clamped)
 * @param width - cells (≥ 1)
 * @param track - character for the unfilled part (space; `░` shows the bar's extent)
 */
export function progressBar(fraction: number, width: number, track = ' '): string {
  const cells = Math.max(1, Math.floor(width));
  const eighths = Math.round(Math.min(1, Math.max(0, fraction)) * cells * 8);
  const full = Math.floor(eighths / 8);
  const partial = eighths % 8;
  const partials = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  const bar = '█'.repeat(full) + (partial > 0 ? partials[partial] : '');
  return bar.padEnd(cells, track);
}
