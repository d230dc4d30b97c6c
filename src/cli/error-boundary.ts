import { CommanderError } from 'commander';
import { ExitCode, RobustcheckError, printable } from '../errors.js';

/**
 * The CLI's one error boundary: turns any thrown value into a message on stderr and an exit code.
 * Typed errors print their own message; commander usage errors map to 2; anything else is an
 * internal error (3) whose stack is shown only with ROBUSTCHECK_DEBUG=1.
 */
export function handleError(error: unknown, writeError: (text: string) => void): number {
  if (error instanceof CommanderError) {
    // Help and version output are successes; commander already printed the usage message.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.pass;
    return ExitCode.usage;
  }
  if (error instanceof RobustcheckError) {
    writeError(`robustcheck: ${error.message}\n`);
    return error.exitCode;
  }
  const message = printable(error instanceof Error ? error.message : String(error));
  writeError(`robustcheck: internal error: ${message}\nThis is a bug; please report it with the command you ran.\n`);
  if (process.env.ROBUSTCHECK_DEBUG === '1' && error instanceof Error) writeError(`${error.stack}\n`);
  return ExitCode.runtime;
}
