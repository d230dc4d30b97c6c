import { discoverSuites, loadSuite } from '../suite/index.js';
import { InputError, RobustcheckError, type Problem } from '../errors.js';
import type { ResolvedSuite } from '../suite/types.js';
import type { SuiteOverrides } from '../suite/resolve.js';

/**
 * Loads and validates every suite named (or discovered under `suites/`) before anything runs, so
 * one bad suite stops the run with exit 2 and every problem of every suite listed at once.
 */
export async function loadSuitesOrThrow(paths: string[], overrides: SuiteOverrides): Promise<ResolvedSuite[]> {
  const targets = paths.length > 0 ? paths : discoverSuites('suites');
  if (targets.length === 0) {
    throw new InputError('NO_SUITES', 'No suites given and none found under suites/ (files named *.suite.json). Pass a suite path, e.g. robustcheck run suites/my.suite.json.');
  }
  const suites: ResolvedSuite[] = [];
  const failures: RobustcheckError[] = [];
  for (const target of targets) {
    try {
      suites.push(await loadSuite(target, overrides));
    } catch (error) {
      if (!(error instanceof RobustcheckError)) throw error;
      failures.push(error);
    }
  }
  // One bad suite keeps its own error code (SUITE_SYNTAX, SUITE_MISSING, …); several are combined.
  if (failures.length === 1) throw failures[0]!;
  if (failures.length > 1) {
    const problems: Problem[] = failures.flatMap((failure) => failure.problems.length > 0 ? failure.problems : [{ message: failure.message }]);
    throw new InputError('SUITE_INVALID', failures.map((failure) => failure.message).join('\n'), problems);
  }
  const seen = new Map<string, string>();
  for (const suite of suites) {
    const other = seen.get(suite.id);
    if (other) throw new InputError('DUPLICATE_SUITE_ID', `Suites ${other} and ${suite.displayPath} share the id "${suite.id}": reports would overwrite each other. Give each suite its own id.`);
    seen.set(suite.id, suite.displayPath);
  }
  return suites;
}
