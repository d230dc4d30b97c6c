/** What the terminal can show, decided once from the environment. */
export interface ColorSupport {
  /** Any colour at all (false under `NO_COLOR`, `FORCE_COLOR=0` or `TERM=dumb`). */
  colors: boolean;
  /** 24-bit colour (`COLORTERM=truecolor|24bit`): images use half blocks, else shade characters. */
  truecolor: boolean;
}

/**
 * Reads the colour conventions: `NO_COLOR` (no-color.org: present and non-empty disables colour),
 * `FORCE_COLOR` (0 disables, 3 forces 24-bit) and `COLORTERM` for 24-bit support. Ink's chalk does
 * not honour `NO_COLOR` by itself, so every component asks this instead of colouring blindly.
 */
export function detectColorSupport(env: NodeJS.ProcessEnv = process.env): ColorSupport {
  const noColor = (env.NO_COLOR ?? '') !== '' || env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false' || env.TERM === 'dumb';
  if (noColor) return { colors: false, truecolor: false };
  const colorterm = (env.COLORTERM ?? '').toLowerCase();
  const truecolor = colorterm === 'truecolor' || colorterm === '24bit' || env.FORCE_COLOR === '3';
  return { colors: true, truecolor };
}
