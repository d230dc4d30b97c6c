import { handleError } from './error-boundary.js';
import { buildProgram } from './program.js';

/** Runs the CLI with `argv` (as in `process.argv`) and returns the exit code; never throws. */
export async function runCli(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    await buildProgram((code) => { exitCode = code; }).parseAsync(argv);
    return exitCode;
  } catch (error) {
    return handleError(error, (text) => process.stderr.write(text));
  }
}
