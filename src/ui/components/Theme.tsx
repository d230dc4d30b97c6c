import { createContext, useContext, type ReactNode } from 'react';
import { Text } from 'ink';
import type { ColorSupport } from '../text/color-support.js';

const ColorContext = createContext<ColorSupport>({ colors: false, truecolor: false });

/** Provides what the terminal can show to every component below (decided once per app). */
export function ColorProvider({ support, children }: { support: ColorSupport; children: ReactNode }) {
  return <ColorContext.Provider value={support}>{children}</ColorContext.Provider>;
}

/** The terminal's colour support as provided by {@link ColorProvider}. */
export function useColorSupport(): ColorSupport {
  return useContext(ColorContext);
}

/** Semantic colours; `NO_COLOR` turns all of them off (bold and dim stay). */
export type ToneName = 'pass' | 'fail' | 'warn' | 'accent' | 'muted' | 'plain';

const toneColors: Record<ToneName, string | undefined> = {
  pass: 'green', fail: 'red', warn: 'yellow', accent: 'cyan', muted: 'gray', plain: undefined,
};

/** Text in a semantic colour, or uncoloured when colours are off. */
export function Tone({ tone, bold, children }: { tone: ToneName; bold?: boolean; children: ReactNode }) {
  const { colors } = useColorSupport();
  const color = colors ? toneColors[tone] : undefined;
  return <Text {...(color ? { color } : {})} {...(bold ? { bold } : {})} {...(tone === 'muted' && !colors ? { dimColor: true } : {})}>{children}</Text>;
}

/** Tone of a verdict or status word. */
export function toneOf(status: string): ToneName {
  if (status === 'pass') return 'pass';
  if (status === 'fail' || status === 'error') return 'fail';
  return 'warn';
}

/** A verdict or status in capitals and its colour, e.g. a green PASS. */
export function Status({ status, width }: { status: string; width?: number }) {
  const word = status.toUpperCase();
  return <Tone tone={toneOf(status)} bold>{width ? word.padEnd(width) : word}</Tone>;
}
