import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../src/report/read-report.js';
import { buildReportSchema, renderReportSchema } from '../../src/report/report-schema.js';
import { reportSchemaVersion } from '../../src/report/report-types.js';
import { fixtureReport } from '../reporters/helpers.js';

const committed = new URL('../../schemas/report.schema.json', import.meta.url);

describe('report.json schema (schemas/report.schema.json)', () => {
  it('is committed up to date (run npm run build && npm run schema)', () => {
    expect(readFileSync(committed, 'utf8'), 'schemas/report.schema.json is stale: run npm run build && npm run schema').toBe(renderReportSchema());
  });

  it('compiles under ajv strict mode and accepts a recorded report', () => {
    const validate = new AjvModule.default({ strict: true, allErrors: true }).compile(buildReportSchema());
    expect(validate(fixtureReport()), JSON.stringify(validate.errors)).toBe(true);
    expect(buildReportSchema().properties).toHaveProperty('schemaVersion.const', reportSchemaVersion);
  });

  it.each([
    ['a missing required field', (report: Record<string, unknown>) => { delete report.verdict; }, /verdict/],
    ['an accuracy above 1', (report: Record<string, unknown>) => { (report.clean as { accuracy: number }).accuracy = 1.5; }, /clean\/accuracy/],
    ['a suite id that would leave the report folder', (report: Record<string, unknown>) => { (report.suite as { id: string }).id = '../../etc'; }, /suite\/id/],
    ['an outcome string with other characters', (report: Record<string, unknown>) => { (report.outcomes as { clean: string }).clean = '10x'; }, /outcomes\/clean/],
    ['an unknown verdict', (report: Record<string, unknown>) => { report.verdict = 'maybe'; }, /verdict/],
  ])('refuses %s with a pointer to it', (_name, mutate, pointer) => {
    const report = structuredClone(fixtureReport()) as unknown as Record<string, unknown>;
    mutate(report);
    expect(() => checkReport(report, 'x.json')).toThrow(pointer);
  });

  it('refuses another schemaVersion with a message naming both versions', () => {
    const report = { ...structuredClone(fixtureReport()), schemaVersion: 2 };
    expect(() => checkReport(report, 'x.json')).toThrow(/schemaVersion 2 is not supported.*reads 1/);
  });

  it('accepts properties it does not know (new fields within a schemaVersion are not breaking)', () => {
    expect(() => checkReport({ ...structuredClone(fixtureReport()), futureField: { x: 1 } }, 'x.json')).not.toThrow();
  });
});
