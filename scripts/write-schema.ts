/**
 * `npm run schema`: writes `suites/suite.schema.json` from the code (attack registry included) and
 * `schemas/report.schema.json` (the published report.json layout).
 * Run it after adding or changing an attack parameter; a test fails while the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSuiteSchema } from '../src/suite/schema.js';
import { renderReportSchema } from '../src/report/report-schema.js';

// Compiled to dist/scripts/, so the repository root is two folders up.
const target = fileURLToPath(new URL('../../suites/suite.schema.json', import.meta.url));
writeFileSync(target, renderSuiteSchema());
process.stdout.write(`wrote ${target}\n`);
// The published report.json schema (outside reports/, the git-ignored output folder).
const reportTarget = fileURLToPath(new URL('../../schemas/report.schema.json', import.meta.url));
writeFileSync(reportTarget, renderReportSchema());
process.stdout.write(`wrote ${reportTarget}\n`);
