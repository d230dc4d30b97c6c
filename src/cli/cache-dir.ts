import { resolve } from 'node:path';

/**
 * Folder of the result cache: `$ROBUSTCHECK_CACHE_DIR`, else `.robustcheck-cache/` in the working
 * folder (beside `suites/` and `reports/`; safe to delete at any time, and worth git-ignoring).
 * `ROBUSTCHECK_CACHE=off` turns the cache off like `--no-cache` (undefined is returned).
 */
export function resultCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ROBUSTCHECK_CACHE === 'off') return undefined;
  return resolve(env.ROBUSTCHECK_CACHE_DIR || '.robustcheck-cache');
}
