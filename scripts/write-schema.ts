/**
 * `npm run schema`: writes `suites/suite.schema.json` from the code (attack registry included).
 * Run it after adding or changing an attack parameter; a test fails while the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSuiteSchema } from '../src/suite/schema.js';

// Compiled to dist/scripts/, so the repository root is two folders up.
const target = fileURLToPath(new URL('../../suites/suite.schema.json', import.meta.url));
writeFileSync(target, renderSuiteSchema());
process.stdout.write(`wrote ${target}\n`);
