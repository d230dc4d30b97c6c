/**
 * One small robustness evaluation from code: a model (in memory or a model.json path), data
 * (arrays, tensors or a data file), one attack at one budget and a floor on robust accuracy. It is
 * written as a one-attack suite, validated by the suite schema and run by the same `runSuite` as
 * `robustcheck run`, so the numbers are those the CLI would report for that suite.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { readEnvOverrides } from '../env-overrides.js';
import { errorFromRecord, InputError } from '../errors.js';
import { selectBackend } from '../model/backend.js';
import type { CaseResult, SuiteReport, ThresholdResult } from '../report/report-types.js';
import type { EventSink } from '../events/run-event.js';
import { runSuite, type SuiteLoaders } from '../runner/run-suite.js';
import { resolveSuite } from '../suite/resolve.js';
import type { DataSpec, ModelSpec, SuiteFile } from '../suite/types.js';
import { collectSuiteProblems } from '../suite/validate.js';
import type { Norm } from '../tensor/norms.js';
import { arrayDataset, type ArrayData } from './array-dataset.js';
import { isSavableModel, prepareMemoryModel, type SavableModel } from './memory-model.js';

/** A model under test: an in-memory `tf.LayersModel` / `tf.GraphModel`, or a model.json path (relative to the current folder). */
export type ModelUnderTest = SavableModel | string;

/** Data to evaluate on: arrays or tensors, a data file path, or a suite `data` section (paths relative to the current folder). */
export type RobustnessData = ArrayData | string | DataSpec;

/** Options of {@link checkRobustness} and the `toBeRobust` matcher. */
export interface RobustnessOptions {
  /** Attack or perturbation type, as in suites (`fgsm`, `pgd`, `gaussian-noise`, …; see `robustcheck list`). */
  attack: string;
  /** Norm of ε (default: the attack's first norm, e.g. `linf`). */
  norm?: Norm;
  /** Budget ε in input units (attacks and noise). */
  epsilon?: number;
  /** Severity 1–5 (corruptions such as `gaussian-blur`), instead of `epsilon`. */
  severity?: number;
  /** Floor on robust accuracy, a fraction 0–1: the whole confidence interval must clear it. */
  minAccuracy: number;
  data: RobustnessData;
  /** `file` (labels from the data, the default when there are any) or `predicted` (prediction stability). */
  labels?: 'file' | 'predicted';
  /** Evaluate the first N samples (default 100). */
  samples?: number;
  /** Attack parameters, e.g. `{ steps: 20 }` for pgd (validated like a suite's). */
  params?: Record<string, unknown>;
  /** Model section extras: valid input box (default [0, 1]), preprocessing, output kind, class names. */
  inputRange?: [number, number];
  preprocess?: ModelSpec['preprocess'];
  output?: ModelSpec['output'];
  classNames?: string[];
  /** Confidence level of the interval (default 0.95); `null` compares the point value. */
  confidence?: number | null;
  /** Root seed (default: `ROBUSTCHECK_SEED`, else 0). */
  seed?: number;
  /** tfjs backend (default: `ROBUSTCHECK_BACKEND`, else `auto`). */
  backend?: string;
  /** Samples per batch (default 128). */
  batchSize?: number;
  /** Receives the run's events (`suite:start`, `clean:end`, `case:*`). */
  emit?: EventSink;
}

/** Outcome of {@link checkRobustness}. */
export interface RobustnessResult {
  /** True when the suite verdict is pass: the floor is cleared and no sanity check failed. */
  pass: boolean;
  /** The robust-accuracy threshold as `report.json` records it (status, actual, ci95, reason). */
  threshold: ThresholdResult;
  /** The attack × budget result (robust accuracy, interval, success rate, perturbation sizes). */
  result: CaseResult;
  /** The whole suite report, as `robustcheck run` would write it. */
  report: SuiteReport;
  /** e.g. `pgd (linf, ε = 0.03) on 100 samples`. */
  description: string;
}

/** Where a suite pointer came from in the options, for messages. */
function optionName(pointer: string | undefined): string {
  const path = pointer ?? '';
  if (path.startsWith('/attacks/0/epsilons')) return 'epsilon';
  if (path.startsWith('/attacks/0/severities')) return 'severity';
  if (path === '/attacks/0/type') return 'attack';
  if (path === '/attacks/0/norm') return 'norm';
  if (path.startsWith('/attacks/0/')) return `params.${path.split('/')[3]}`;
  if (path.startsWith('/thresholds/0')) return 'minAccuracy';
  if (path === '/data/limit') return 'samples';
  if (path.startsWith('/model/')) return path.split('/')[2]!;
  if (path.startsWith('/data/')) return `data.${path.split('/')[2]}`;
  return path.replace(/^\//, '') || 'options';
}

function isDataSpec(data: RobustnessData): data is DataSpec {
  return typeof data === 'object' && data !== null && typeof (data as DataSpec).path === 'string';
}

/** The object without its `undefined` members (a suite file holds no `undefined`). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/** The options as a one-attack suite document, validated like any suite file. */
function suiteDocument(options: RobustnessOptions, modelPath: string, data: DataSpec, seed: number): SuiteFile {
  const budget = options.severity !== undefined ? { severities: [options.severity] } : { epsilons: options.epsilon === undefined ? [] : [options.epsilon] };
  return {
    id: 'to-be-robust',
    seed,
    model: compact({ path: modelPath, inputRange: options.inputRange, preprocess: options.preprocess, output: options.output, classNames: options.classNames }),
    data: compact({ ...data, limit: options.samples ?? 100, batchSize: options.batchSize }),
    // Parameters first: `id`, `type`, `norm` and the budget come from their own options.
    attacks: [compact({ ...options.params, id: options.attack, type: options.attack, norm: options.norm, ...budget })],
    thresholds: [{ metric: 'robust-accuracy', attack: options.attack, epsilon: options.severity ?? options.epsilon ?? 0, min: options.minAccuracy }],
    ...(options.confidence === null ? {} : { confidence: options.confidence ?? 0.95 }),
  };
}

/**
 * Runs one attack at one budget on a model and checks robust accuracy against a floor.
 *
 * @param model - in-memory tfjs model (saved to memory and loaded like a file; the caller keeps it) or model.json path
 * @throws InputError (exit 2) for invalid options, model or data, naming the option to fix;
 *   RuntimeFailure (exit 3) when the evaluation itself fails (e.g. NaN outputs)
 */
export async function checkRobustness(model: ModelUnderTest, options: RobustnessOptions): Promise<RobustnessResult> {
  const cwd = process.cwd();
  const env = readEnvOverrides();
  const memoryModel = isSavableModel(model) ? await prepareMemoryModel(model, cwd) : undefined;
  if (memoryModel === undefined && typeof model !== 'string') {
    throw new InputError('MODEL_IN_MEMORY', `toBeRobust expects a tf.LayersModel, a tf.GraphModel or a model.json path, got ${typeof model}.`);
  }
  const arrays = typeof options.data === 'object' && options.data !== null && !isDataSpec(options.data) ? options.data : undefined;
  const dataSpec: DataSpec = typeof options.data === 'string' ? { path: options.data } : arrays ? { path: '[in-memory data]' } : { ...(options.data as DataSpec) };
  dataSpec.labels = options.labels ?? dataSpec.labels ?? (arrays && arrays.y === undefined ? 'predicted' : 'file');
  const document = suiteDocument(options, memoryModel?.path ?? model as string, dataSpec, options.seed ?? env.seed ?? 0);
  const problems = collectSuiteProblems(document);
  if (problems.length > 0) {
    const lines = problems.map((problem) => `  ${optionName(problem.location)}: ${problem.message}`);
    throw new InputError('OPTIONS_INVALID', ['toBeRobust options are invalid:', ...lines].join('\n'), problems);
  }
  const sha256 = createHash('sha256').update(JSON.stringify(document)).digest('hex');
  const suite = resolveSuite(document, { path: resolve(cwd, 'toBeRobust.suite.json'), displayPath: 'toBeRobust', sha256 });
  const loaders: SuiteLoaders = {
    ...(memoryModel ? { model: memoryModel.load } : {}),
    ...(arrays ? { data: async (_spec, expected) => arrayDataset(arrays, expected) } : {}),
  };
  const backend = await selectBackend(options.backend ?? env.backend ?? 'auto');
  const report = await runSuite(suite, { backend, emit: options.emit ?? (() => {}), loaders });
  if (report.error) {
    // The run turned the error into a report; rethrow it as the class its exit code stands for.
    throw errorFromRecord(report.error, report.exitCode);
  }
  const attack = suite.attacks[0]!;
  const budget = attack.budgets[0]!;
  const where = attack.budgetKind === 'epsilon' ? `${attack.norm}, ε = ${budget}` : `severity ${budget}`;
  return {
    pass: report.verdict === 'pass',
    threshold: report.thresholds[0]!,
    result: report.attacks[0]!.results[0]!,
    report,
    description: `${attack.type} (${where}) on ${report.samples} samples`,
  };
}
