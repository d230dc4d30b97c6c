/**
 * Typed errors. Every failure the user can act on is one of these: a stable `code`, a message
 * that says what to do, and the process exit code it maps to (DESIGN.md §1). Library code throws
 * them; only the CLI's error boundary turns them into output and an exit status.
 */
import { neutralizeControls } from './format/escape.js';
import { codeHasExit, isErrorCode, type ErrorCode, type InputErrorCode, type RuntimeFailureCode } from './error-codes.js';

/** Exit codes of the CLI (DESIGN.md §1). */
export const ExitCode = {
  /** Every suite passed. */
  pass: 0,
  /** At least one suite failed or was inconclusive. */
  fail: 1,
  /** Invalid input or usage; nothing was evaluated. */
  usage: 2,
  /** Runtime error during evaluation. */
  runtime: 3,
  /** Interrupted by SIGINT/SIGTERM (128 + SIGINT). */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One located problem: which file, where in it (JSON pointer or line:column), and what is wrong. */
export interface Problem {
  /** File the problem is in, as given by the user (may be relative). */
  file?: string;
  /** JSON pointer (`/attacks/0/epsilons/1`) or `line:column`. */
  location?: string;
  /** What is wrong and what to do about it. */
  message: string;
}

/**
 * `text` with unsafe characters (C0/C1 controls such as ESC and BEL, DEL, bidirectional overrides
 * and isolates, lone surrogates) shown as `\u001B`-style escapes, newlines and tabs kept: quoted
 * from a hostile file into a message, they could clear or rewrite a terminal or CI log. The one
 * terminal escaping: every message, console reporter and re-rendered report goes through it.
 */
export function printable(text: string): string {
  return neutralizeControls(text, true);
}

/** Base class of every error robustcheck raises on purpose. Messages are made {@link printable}. */
export class RobustcheckError extends Error {
  /** Located problems when there are several (all reported at once). */
  readonly problems: Problem[];

  constructor(
    /** Stable machine-readable code from the registry (`error-codes.ts`), e.g. `SUITE_INVALID`. */
    readonly code: ErrorCode,
    message: string,
    /** Exit code the CLI maps this error to. */
    readonly exitCode: ExitCodeValue,
    problems: Problem[] = [],
  ) {
    super(printable(message));
    this.name = new.target.name;
    this.problems = problems.map((problem) => ({ ...problem, message: printable(problem.message) }));
  }
}

/** Bad input (suite, flag, file): exit 2, nothing evaluated. */
export class InputError extends RobustcheckError {
  declare readonly code: InputErrorCode;

  constructor(code: InputErrorCode, message: string, problems: Problem[] = []) {
    super(code, message, ExitCode.usage, problems);
  }
}

/** Failure while evaluating (model/data load, NaN outputs, report write): exit 3. */
export class RuntimeFailure extends RobustcheckError {
  declare readonly code: RuntimeFailureCode;

  constructor(code: RuntimeFailureCode, message: string) {
    super(code, message, ExitCode.runtime);
  }
}

/** Formats a problem as `file: location: message` (parts omitted when unknown). */
export function formatProblem(problem: Problem): string {
  return [problem.file, problem.location, problem.message].filter((part) => part).join(': ');
}

/** Builds an {@link InputError} from located problems, listing all of them in the message. */
export function inputErrorFromProblems(code: InputErrorCode, headline: string, problems: Problem[]): InputError {
  const lines = problems.map((problem) => `  ${formatProblem(problem)}`);
  return new InputError(code, [headline, ...lines].join('\n'), problems);
}

/**
 * The typed error again from what a worker message or a report recorded of it (`code` there is a
 * plain string): exit 2 is an {@link InputError}, anything else a {@link RuntimeFailure}. A code
 * the registry does not give that exit status (a worker or report from another version) becomes
 * `INTERNAL`, naming it.
 */
export function errorFromRecord(error: { code: string; message: string }, exitCode: number): RobustcheckError {
  const { code, message } = error;
  if (isErrorCode(code)) {
    if (exitCode === ExitCode.usage && codeHasExit(code, 'usage')) return new InputError(code, message);
    if (exitCode !== ExitCode.usage && codeHasExit(code, 'runtime')) return new RuntimeFailure(code, message);
  }
  return new RuntimeFailure('INTERNAL', `${message} (unregistered error code ${code} with exit code ${exitCode})`);
}
