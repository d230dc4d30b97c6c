#!/usr/bin/env bash
# Pre-release robustness check: the evaluation a release is signed off on.
#
#   scripts/pre-release-check.sh [SUITE...]      (default: every suites/**/*.suite.json)
#
# 1. validates every suite (schema, references, files) — exit 2 on any problem;
# 2. runs them from a clean report folder with every sample (no --limit, no shards) and a fixed
#    seed, compared with the last release's reports when BASELINE is set (regression thresholds);
# 3. checks every report is complete, lists suites that evaluate only part of their data
#    (data.limit), and prints what to record in the release notes: verdict, score, and the
#    model and data SHA-256 the numbers belong to.
# Exit code: robustcheck run's (0 pass, 1 a suite failed, 2 invalid input, 3 evaluation error),
# or 4 when a report is missing or incomplete.
#
# Environment: ROBUSTCHECK (command, default "npx robustcheck"), OUT (report folder, default
# reports/pre-release), BASELINE (reports of the last release), ROBUSTCHECK_SEED (default 1234),
# ROBUSTCHECK_BACKEND.
set -euo pipefail

robustcheck=${ROBUSTCHECK:-npx robustcheck}
out=${OUT:-reports/pre-release}
export ROBUSTCHECK_SEED=${ROBUSTCHECK_SEED:-1234}

echo "== validate"
$robustcheck validate "$@"

echo "== run (seed $ROBUSTCHECK_SEED, reports in $out)"
rm -rf "$out"
baseline=()
if [ -n "${BASELINE:-}" ]; then baseline=(--baseline "$BASELINE"); fi
status=0
$robustcheck run --ci --out "$out" ${baseline[@]+"${baseline[@]}"} "$@" || status=$?

echo "== reports"
node --input-type=module - "$out" <<'NODE' || { [ "$status" -ne 0 ] || status=4; }
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
const out = process.argv[2];
const dirs = existsSync(out) ? readdirSync(out, { withFileTypes: true }).filter((entry) => entry.isDirectory()) : [];
let problems = 0;
if (dirs.length === 0) { console.log(`no reports under ${out}`); problems++; }
for (const dir of dirs) {
  const file = join(out, dir.name, 'report.json');
  if (!existsSync(file)) { console.log(`${dir.name}: no report.json`); problems++; continue; }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if (!report.complete) { console.log(`${report.suite.id}: report incomplete (interrupted or failed)`); problems++; }
  const partial = report.limit !== undefined ? ` · only the first ${report.limit} of ${report.data.size} samples (data.limit)` : '';
  console.log(`${report.suite.id}: ${report.verdict.toUpperCase()} · score ${report.score.toFixed(1)} · ${report.samples} samples${partial}`);
  console.log(`  model ${report.model.path} sha256 ${report.model.sha256}`);
  console.log(`  data  ${report.data.path} sha256 ${report.data.sha256 ?? 'n/a'}`);
}
process.exit(problems > 0 ? 1 : 0);
NODE

if [ "$status" -eq 0 ]; then echo "== PASS: ready to release"; else echo "== NOT READY (exit $status)"; fi
exit "$status"
