import type { EngineChoice } from '../../engine/engine-choice.js';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorFromRecord, InputError, RuntimeFailure } from '../../errors.js';
import { inspectModelAndData } from '../../init/inspect.js';
import { defaultSuiteId, defaultSuitePath, existingInput } from '../../init/init-defaults.js';
import { baselineThresholds, formatSuiteJson, quickCheckSamples, starterSuite } from '../../init/starter-suite.js';
import { baselineProgress } from '../../init/baseline-progress.js';
import { selectBackend } from '../../model/backend.js';
import type { SuiteReport } from '../../report/report-types.js';
import { writeFileAtomic } from '../../report/write-atomic.js';
import { runSuite } from '../../runner/run-suite.js';
import { resolveSuite } from '../../suite/resolve.js';
import { idPattern } from '../../suite/schema.js';
import { suiteFileSuffix } from '../../suite/discover.js';
import { validateSuite } from '../../suite/validate.js';
import { defaultWorkers } from '../parse-options.js';
import { percent } from '../../format/percent.js';
import { interval } from '../../format/interval.js';
import { seconds } from '../../format/duration.js';

/** Flags of `robustcheck init` after commander parsed them. */
export interface InitFlags {
  model: string;
  data: string;
  labels?: string;
  out?: string;
  id?: string;
  samples: number;
  seed?: number;
  engine?: EngineChoice;
  backend: string;
  force?: boolean;
}

/** `suites/suite.schema.json` of this installed package (found from this file, in src/ or dist/src/). */
function packageSchemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++, dir = dirname(dir)) {
    const candidate = resolve(dir, 'suites', 'suite.schema.json');
    if (existsSync(resolve(dir, 'package.json')) && existsSync(candidate)) return candidate;
  }
  throw new RuntimeFailure('SCHEMA_MISSING', 'Cannot find suites/suite.schema.json in the robustcheck package; reinstall it.');
}

/** A path relative to `from`, with forward slashes (suites are shared between systems). */
function relativePath(from: string, to: string): string {
  const path = relative(from, to).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}


function baselineLines(report: SuiteReport): string[] {
  const lines = [`  clean accuracy  ${percent(report.clean.accuracy)} ${interval(report.clean.ci95, 'bracketed-percent')}`];
  for (const attack of report.attacks) {
    for (const result of attack.results) lines.push(`  ${attack.id.padEnd(6)} ${(attack.norm ?? '').padEnd(4)} ε=${String(result.epsilon).padEnd(8)} robust ${percent(result.robustAccuracy)} ${interval(result.ci95, 'bracketed-percent')}`);
  }
  lines.push(`  score ${report.score.toFixed(1)}`);
  for (const check of report.sanityChecks.filter((entry) => entry.status !== 'pass')) lines.push(`  sanity check ${check.id}: ${check.status} — ${check.message}`);
  return lines;
}

/**
 * `robustcheck init --model PATH --data PATH`: inspects the model and data, writes a starter
 * suite (FGSM, PGD, Gaussian noise with budgets for the input range and size) whose thresholds
 * come from a baseline run on the first `--samples` samples, with `$schema` for completion.
 * Refuses to overwrite a file without `--force`. Returns the exit code (0).
 */
export async function initCommand(flags: InitFlags, write: (line: string) => void): Promise<number> {
  const modelPath = existingInput('--model', flags.model);
  const dataPath = existingInput('--data', flags.data);
  const labelsPath = flags.labels === undefined ? undefined : existingInput('--labels', flags.labels);
  const id = flags.id ?? defaultSuiteId(modelPath);
  if (!new RegExp(idPattern).test(id)) throw new InputError('BAD_ID', `--id "${id}" is not a suite id: use 1–64 letters, digits, '-', '_' or '.', starting with a letter or digit.`);
  const target = resolve(flags.out ?? defaultSuitePath(id));
  if (!target.endsWith(suiteFileSuffix)) throw new InputError('BAD_OUT', `--out ${flags.out} must name a *${suiteFileSuffix} file, so that robustcheck run finds it.`);
  if (existsSync(target) && !flags.force) throw new InputError('SUITE_EXISTS', `${relative('.', target)} already exists; pass --force to replace it, or --out another path.`);

  const backend = await selectBackend(flags.backend);
  const { model, data } = await inspectModelAndData(modelPath, dataPath, labelsPath);
  const samples = Math.min(flags.samples, data.samples);
  const suiteDir = dirname(target);
  write(`model  ${relative('.', modelPath)}: ${model.format} model, input [${model.inputShape.join(', ')}], ${model.numClasses} classes, ${model.outputKind} output (${model.outputReason})`);
  write(`data   ${relative('.', dataPath)}: ${data.samples} samples, values in [${data.min}, ${data.max}] → inputRange [${data.inputRange.join(', ')}]; labels: ${data.labels === 'file' ? 'from the data' : 'none found, using the model\'s predictions'}`);

  const suite = starterSuite({
    id, schemaPath: relativePath(suiteDir, packageSchemaPath()), modelPath: relativePath(suiteDir, modelPath), dataPath: relativePath(suiteDir, dataPath),
    ...(labelsPath ? { labelsPath: relativePath(suiteDir, labelsPath) } : {}), samples, seed: flags.seed ?? 0, model, data,
  });
  const text = formatSuiteJson(suite);
  const resolved = resolveSuite(validateSuite(suite, { file: relative('.', target) }), {
    path: target, displayPath: relative('.', target), sha256: createHash('sha256').update(text).digest('hex'),
  }, flags.engine ? { engine: flags.engine } : {});
  const started = performance.now();
  write(`measuring a baseline on ${samples} samples (${resolved.attacks.reduce((sum, attack) => sum + attack.budgets.length, 0)} attack × budget cases on ${backend.backend}); progress below`);
  const report = await runSuite(resolved, { backend, emit: baselineProgress(write), workers: defaultWorkers() });
  if (report.error) throw errorFromRecord(report.error, report.exitCode);
  write(`baseline on ${report.samples} samples (${backend.backend}, ${seconds(performance.now() - started)}):`);
  for (const line of baselineLines(report)) write(line);

  const holdDownTo = quickCheckSamples(samples);
  suite.thresholds = baselineThresholds(report, { labels: data.labels, holdDownTo });
  writeFileAtomic(target, formatSuiteJson(suite));
  write(`thresholds (below the 95% interval of ${holdDownTo} samples, so the suite passes as written and with run --limit ${holdDownTo} or more; raise them to your release criteria${data.labels === 'predicted' ? '; no clean-accuracy threshold: the labels are the model\'s own predictions' : ''}):`);
  for (const threshold of suite.thresholds) {
    write(`  ${threshold.metric}${threshold.attack ? ` ${threshold.attack} ε=${threshold.epsilon}` : ''} ≥ ${threshold.min}`);
  }
  write(`wrote ${relative('.', target)} — next: robustcheck validate ${relative('.', target)} && robustcheck run ${relative('.', target)}`);
  return 0;
}
