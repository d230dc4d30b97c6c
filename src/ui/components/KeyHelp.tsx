import { Box, Text } from 'ink';
import { keyHelp, keyReference, type Screen } from '../state/keymap.js';
import { Tone } from './Theme.js';

/** The bottom bar: last notice (if any) and the keys of this screen; always visible. */
export function KeyHelpBar({ screen, notice, width }: { screen: Screen; notice?: string; width: number }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      {notice ? <Tone tone="warn">{notice}</Tone> : null}
      <Tone tone="muted">{'─'.repeat(Math.max(10, Math.min(width, 120) - 1))}</Tone>
      <Text>{keyHelp[screen]}</Text>
    </Box>
  );
}

/** The `?` screen: every key and what it does. */
export function HelpScreen() {
  return (
    <Box flexDirection="column">
      <Text bold>Keys</Text>
      {keyReference.map(([keys, meaning]) => (
        <Text key={keys}>
          <Tone tone="accent">{`  ${keys.padEnd(22)}`}</Tone>
          {meaning}
        </Text>
      ))}
      <Text>{'\n'}Reports are read from and written to the --out folder (report.json per suite).</Text>
    </Box>
  );
}
