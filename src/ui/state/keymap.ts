/** Keyboard of the explorer: raw keys → intents, and the help line each screen shows. */

/** What a key press means, independent of the screen. */
export type Intent =
  | 'up' | 'down' | 'left' | 'right' | 'enter' | 'back' | 'help' | 'run' | 'run-all' | 'examples'
  | 'next-tab' | 'interrupt' | 'tab-1' | 'tab-2' | 'tab-3' | 'tab-4';

/** The subset of Ink's `Key` the keymap reads. */
export interface KeyFlags {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  return?: boolean;
  escape?: boolean;
  tab?: boolean;
  ctrl?: boolean;
}

const letters: Record<string, Intent> = {
  k: 'up', j: 'down', h: 'left', l: 'right', q: 'back', '?': 'help', r: 'run', a: 'run-all', e: 'examples',
  '1': 'tab-1', '2': 'tab-2', '3': 'tab-3', '4': 'tab-4',
};

/** Maps one key press (Ink's `useInput` arguments) to an intent, or undefined to ignore it. */
export function intentOf(input: string, key: KeyFlags): Intent | undefined {
  if (key.ctrl && input === 'c') return 'interrupt';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.return) return 'enter';
  if (key.escape) return 'back';
  if (key.tab) return 'next-tab';
  if (key.ctrl) return undefined;
  return letters[input];
}

/**
 * Intents of one input chunk. Keys typed quickly (or pasted) can arrive together, e.g. `1e`;
 * each printable character then counts as its own key press.
 */
export function intentsOf(input: string, key: KeyFlags): Intent[] {
  const single = intentOf(input, key);
  if (single || input.length <= 1 || key.ctrl) return single ? [single] : [];
  return [...input].flatMap((char) => intentOf(char, {}) ?? []);
}

/** Screens of the explorer. */
export type Screen = 'list' | 'run' | 'suite' | 'examples' | 'help';

/** Key help shown at the bottom of each screen (always visible). */
export const keyHelp: Record<Screen, string> = {
  list: '↑↓/jk move · Enter open · r run · a run all · ? help · q quit',
  run: 'Esc/q/Ctrl-C stop the run (partial reports are written)',
  suite: '←→/1-4 tabs · ↑↓ case · Enter/e examples · r re-run · ? help · Esc/q back',
  examples: '←→/jk example · ? help · Esc/q back',
  help: 'Esc/q/? close help',
};

/** Full key reference for the help screen: [keys, what they do]. */
export const keyReference: [string, string][] = [
  ['↑ ↓  j k', 'move the cursor (suites, cases, examples)'],
  ['← →  h l  Tab  1-4', 'switch tabs in a suite: cases, chart, per class, checks'],
  ['Enter', 'open the suite (runs it first when it has no report) / open examples'],
  ['e', 'adversarial example viewer for the selected case'],
  ['r', 'run the selected suite; a runs every suite'],
  ['Esc  q', 'back; quits from the suite list; stops a running suite'],
  ['Ctrl-C', 'stop a run (partial reports are written), else quit'],
  ['?', 'this help'],
];
