/**
 * Prints two runs of the same suite on different backends side by side: clean and robust accuracy
 * per attack × budget (agreement) and samples per second (speed), plus the adapter or backend each
 * ran on. Used by `scripts/gpu-check.sh`.
 *
 * Usage: node dist/scripts/compare-backend-reports.js BASE/report.json CANDIDATE/report.json
 * Exit code: 0 when every robust count is within `--tolerance` samples (default 1: float rounding
 * can move a sample sitting on a decision boundary), 1 otherwise, 2 for unreadable reports.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RobustcheckError } from '../src/errors.js';
import { readReportFile } from '../src/report/read-report.js';
import type { SuiteReport } from '../src/report/report-types.js';
import { describeAdapter } from '../src/model/webgpu/adapter-info.js';

/** One row of the comparison: a case (or the clean pass) on both backends. */
export interface ComparisonRow {
  label: string;
  base: { robust: number; samplesPerSecond?: number };
  candidate: { robust: number; samplesPerSecond?: number };
}

/** Rows for the clean pass and every attack × budget present in both reports. */
export function compareReports(base: SuiteReport, candidate: SuiteReport): ComparisonRow[] {
  const rows: ComparisonRow[] = [{ label: 'clean', base: { robust: base.clean.correct }, candidate: { robust: candidate.clean.correct } }];
  for (const attack of base.attacks) {
    const other = candidate.attacks.find((entry) => entry.id === attack.id);
    for (const result of attack.results) {
      const budget = result.epsilon ?? result.severity;
      const match = other?.results.find((entry) => (entry.epsilon ?? entry.severity) === budget);
      if (!match) continue;
      rows.push({
        label: `${attack.id} ${result.epsilon !== undefined ? 'ε' : 'severity'}=${budget}`,
        base: { robust: result.robustCount, samplesPerSecond: result.samplesPerSecond },
        candidate: { robust: match.robustCount, samplesPerSecond: match.samplesPerSecond },
      });
    }
  }
  return rows;
}

function backendName(report: SuiteReport): string {
  const { environment } = report;
  return environment.adapter ? `${environment.backend}: ${describeAdapter(environment.adapter)}` : environment.backend;
}

function main(): number {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { tolerance: { type: 'string', default: '1' } } });
  if (positionals.length !== 2) {
    process.stderr.write('usage: compare-backend-reports BASE/report.json CANDIDATE/report.json [--tolerance N]\n');
    return 2;
  }
  let base: SuiteReport;
  let candidate: SuiteReport;
  try {
    [base, candidate] = positionals.map((path) => readReportFile(path)) as [SuiteReport, SuiteReport];
  } catch (error) {
    process.stderr.write(`${error instanceof RobustcheckError ? error.message : String(error)}\n`);
    return 2;
  }
  const tolerance = Number(values.tolerance);
  const rows = compareReports(base, candidate);
  const a = base.environment.backend;
  const b = candidate.environment.backend;
  const lines = [[`${base.samples} samples`, `${a} correct`, `${b} correct`, 'Δ', `${a} samples/s`, `${b} samples/s`, 'speed-up']];
  let worst = 0;
  for (const row of rows) {
    const delta = row.candidate.robust - row.base.robust;
    worst = Math.max(worst, Math.abs(delta));
    const speeds = row.base.samplesPerSecond !== undefined && row.candidate.samplesPerSecond !== undefined;
    lines.push([
      row.label, String(row.base.robust), String(row.candidate.robust), String(delta),
      speeds ? row.base.samplesPerSecond!.toFixed(1) : '', speeds ? row.candidate.samplesPerSecond!.toFixed(1) : '',
      speeds && row.base.samplesPerSecond! > 0 ? `${(row.candidate.samplesPerSecond! / row.base.samplesPerSecond!).toFixed(2)}×` : '',
    ]);
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  process.stdout.write(`base:      ${backendName(base)} (${(base.durationMs / 1000).toFixed(1)} s)\n`);
  process.stdout.write(`candidate: ${backendName(candidate)} (${(candidate.durationMs / 1000).toFixed(1)} s, ${(base.durationMs / candidate.durationMs).toFixed(2)}× the base's speed)\n`);
  process.stdout.write(`${lines.map((line) => line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n')}\n`);
  const agree = worst <= tolerance;
  process.stdout.write(`${agree ? 'AGREE' : 'DISAGREE'}: largest difference ${worst} sample(s) per cell (tolerance ${tolerance})\n`);
  return agree ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
