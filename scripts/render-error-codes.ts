/**
 * `docs/error-codes.md` from the error-code registry: one table row per code with its exit
 * status and meaning. Written by `npm run schema`; a test fails while the committed file is stale.
 */
import { errorCodes, type ExitKind } from '../src/error-codes.js';
import { ExitCode } from '../src/errors.js';

/** Markdown of every registered code, in registry order. */
export function renderErrorCodesDoc(): string {
  const exit = (kinds: readonly ExitKind[]) => kinds.map((kind) => String(ExitCode[kind])).join(' or ');
  const rows = Object.entries(errorCodes).map(([code, entry]) => `| \`${code}\` | ${exit(entry.exits)} | ${entry.meaning.replaceAll('|', '\\|')} |`);
  return [
    '# Error codes',
    '',
    '<!-- Generated from src/error-codes.ts by `npm run build && npm run schema`; do not edit. -->',
    '',
    'Every typed error robustcheck raises carries one of these codes (`code` of the thrown `InputError`',
    'or `RuntimeFailure`); a suite stopped by one records it in report.json (`error.code`), junit.xml',
    'and the event log. Exit 2 means bad input (nothing was evaluated), 3 a failure while evaluating,',
    '130 an interrupted run.',
    '',
    '| code | exit | meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
