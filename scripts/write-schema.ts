/**
 * `npm run schema`: writes `suites/suite.schema.json` from the code (attack registry included),
 * `schemas/report.schema.json` (the published report.json layout) and `docs/error-codes.md` (the
 * error-code registry). Run it after adding or changing an attack parameter or an error code; a
 * test fails while a file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSuiteSchema } from '../src/suite/schema.js';
import { renderReportSchema } from '../src/report/report-schema.js';
import { renderErrorCodesDoc } from './render-error-codes.js';

// Compiled to dist/scripts/, so the repository root is two folders up.
const target = fileURLToPath(new URL('../../suites/suite.schema.json', import.meta.url));
writeFileSync(target, renderSuiteSchema());
process.stdout.write(`wrote ${target}\n`);
// The published report.json schema (outside reports/, the git-ignored output folder).
const reportTarget = fileURLToPath(new URL('../../schemas/report.schema.json', import.meta.url));
writeFileSync(reportTarget, renderReportSchema());
process.stdout.write(`wrote ${reportTarget}\n`);
// The error codes, for readers of stderr, reports and CI logs.
const codesTarget = fileURLToPath(new URL('../../docs/error-codes.md', import.meta.url));
writeFileSync(codesTarget, renderErrorCodesDoc());
process.stdout.write(`wrote ${codesTarget}\n`);
