/**
 * Typed errors. Every failure the user can act on is one of these: a stable `code`, a message
 * that says what to do, and the process exit code it maps to (DESIGN.md §1). Library code throws
 * them; only the CLI's error boundary turns them into output and an exit status.
 */
import { neutralizeControls } from './reporters/escape.js';

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
    /** Stable machine-readable code, e.g. `SUITE_SCHEMA`. */
    readonly code: string,
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
  constructor(code: string, message: string, problems: Problem[] = []) {
    super(code, message, ExitCode.usage, problems);
  }
}

/** Failure while evaluating (model/data load, NaN outputs, report write): exit 3. */
export class RuntimeFailure extends RobustcheckError {
  constructor(code: string, message: string) {
    super(code, message, ExitCode.runtime);
  }
}

/** Formats a problem as `file: location: message` (parts omitted when unknown). */
export function formatProblem(problem: Problem): string {
  return [problem.file, problem.location, problem.message].filter((part) => part).join(': ');
}

/** Builds an {@link InputError} from located problems, listing all of them in the message. */
export function inputErrorFromProblems(code: string, headline: string, problems: Problem[]): InputError {
  const lines = problems.map((problem) => `  ${formatProblem(problem)}`);
  return new InputError(code, [headline, ...lines].join('\n'), problems);
}
