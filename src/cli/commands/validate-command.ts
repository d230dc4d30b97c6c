import { existsSync } from 'node:fs';
import { inputErrorFromProblems, type Problem } from '../../errors.js';
import { loadSuitesOrThrow } from '../load-suites.js';

/**
 * `robustcheck validate [SUITE...]`: schema and reference checks only (suite syntax, schema,
 * cross-references, referenced model and data files exist); no model is run. Exit 0 or 2.
 */
export async function validateCommand(paths: string[], write: (line: string) => void): Promise<number> {
  const suites = await loadSuitesOrThrow(paths, {});
  const problems: Problem[] = [];
  for (const suite of suites) {
    const references: [string, string | undefined][] = [
      ['/model/path', suite.model.path], ['/data/path', suite.data.path], ['/data/labelsPath', suite.data.labelsPath],
    ];
    for (const [pointer, path] of references) {
      if (path !== undefined && !existsSync(path)) {
        problems.push({ file: suite.displayPath, location: pointer, message: `file not found: ${path} (paths are relative to the suite file)` });
      }
    }
  }
  if (problems.length > 0) throw inputErrorFromProblems('SUITE_REFERENCE', 'Suite references files that do not exist:', problems);
  for (const suite of suites) {
    const budgets = suite.attacks.reduce((sum, attack) => sum + attack.budgets.length, 0);
    write(`✓ ${suite.displayPath} (${suite.id}): ${suite.attacks.length} attack(s), ${budgets} case(s), ${suite.thresholds.length} threshold(s)`);
  }
  return 0;
}
