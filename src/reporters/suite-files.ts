import { join } from 'node:path';
import { InputError } from '../errors.js';
import { isReservedSuiteId } from '../report/report-layout.js';
import { idPattern } from '../suite/schema.js';

const safeId = new RegExp(idPattern);

/**
 * Path of a file in a suite's report folder, `<out>/<suite-id>/<name>`. Suite ids become folder
 * names, and `report render` / `report merge` read them from files that may be hostile, so an id
 * that is not a valid suite id (e.g. `../../etc`) is refused instead of leaving the report root.
 */
export function suiteFilePath(outDir: string, suiteId: string, name: string): string {
  if (!safeId.test(suiteId)) {
    throw new InputError('BAD_SUITE_ID', `Suite id ${JSON.stringify(suiteId)} is not a valid id (1–64 letters, digits, "-", "_", "."), so no report folder is named after it.`);
  }
  if (isReservedSuiteId(suiteId)) {
    throw new InputError('BAD_SUITE_ID', `Suite id ${JSON.stringify(suiteId)} is reserved: its report folder would collide with a run-level file under ${outDir}. Rename the suite.`);
  }
  return join(outDir, suiteId, name);
}
