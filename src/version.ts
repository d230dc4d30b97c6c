import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Finds this package's package.json walking up from this file (works from src/ and dist/src/). */
function readOwnPackage(): { name: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'robustcheck') return { name: parsed.name, version: parsed.version ?? '0.0.0' };
    }
    dir = dirname(dir);
  }
  return { name: 'robustcheck', version: '0.0.0' };
}

/** Name and version of robustcheck, recorded in every report. */
export const tool: { name: string; version: string } = readOwnPackage();
