/**
 * Turns a validated suite file into the runner's input: absolute paths, every default written
 * out, budgets sorted, and parameters restricted to what each attack declares.
 */
import type { EngineChoice } from '../engine/engine-choice.js';
import { dirname, isAbsolute, resolve } from 'node:path';
import { attackRegistry } from '../../attacks/registry.js';
import { InputError } from '../errors.js';
import type { AttackRegistry } from './schema.js';
import type { AttackSpec, ResolvedAttack, ResolvedSuite, SuiteFile } from './types.js';

/** Where the suite file is, as needed for paths, messages and reports. */
export interface SuiteSource {
  /** Absolute path of the suite file. */
  path: string;
  /** Path as the user gave it. */
  displayPath: string;
  /** Hex SHA-256 of the file bytes. */
  sha256: string;
}

/** Command-line values that replace the suite's own (`--seed`, `--limit`). */
export interface SuiteOverrides {
  /** Root seed, integer 0 … 2^32 − 1. */
  seed?: number;
  /** Samples to evaluate, integer ≥ 1; replaces `data.limit`. */
  limit?: number;
  /** `--engine`: replaces the suite's `engine`. */
  engine?: EngineChoice;
}

/** Defaults of optional suite fields (DESIGN.md §2). */
export const suiteDefaults = {
  seed: 0,
  engine: 'auto',
  modelFormat: 'auto',
  inputRange: [0, 1],
  output: 'auto',
  labels: 'file',
  batchSize: 128,
  failOn: 'fail',
} as const;

function checkOverrides(overrides: SuiteOverrides): void {
  const { seed, limit } = overrides;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new InputError('BAD_SEED', `--seed must be an integer from 0 to 4294967295, got ${seed}`);
  }
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new InputError('BAD_LIMIT', `--limit must be an integer ≥ 1, got ${limit}`);
  }
}

function resolveAttack(spec: AttackSpec, registry: AttackRegistry): ResolvedAttack {
  const definition = registry[spec.type];
  if (definition === undefined) throw new InputError('SUITE_INVALID', `unknown attack type '${spec.type}' — validate the suite before resolving it`);
  const budgetKind = definition.budget === 'epsilons' ? 'epsilon' : 'severity';
  const declared = (definition.budget === 'epsilons' ? spec.epsilons : spec.severities) ?? [];
  const params: Record<string, unknown> = {};
  for (const [name, param] of Object.entries(definition.params)) {
    const value = Object.hasOwn(spec, name) ? spec[name] : param.default;
    if (value !== undefined) params[name] = value;
  }
  const norm = budgetKind === 'epsilon' ? (spec.norm ?? definition.norms[0]) : undefined;
  return {
    id: spec.id,
    type: spec.type,
    ...(norm === undefined ? {} : { norm }),
    budgetKind,
    budgets: [...new Set(declared)].sort((a, b) => a - b),
    params,
  };
}

/**
 * Resolves a validated suite: model/data paths become absolute (relative ones against the suite
 * file's folder), defaults are applied (seed 0, model format and output `auto`, inputRange [0, 1],
 * labels `file`, batchSize 128, failOn `fail`), each attack gets its norm (default: its type's
 * first), ascending unique budgets and its declared parameters with defaults.
 *
 * @param value - a suite that passed {@link validateSuite}
 * @param source - where the suite file is and its hash
 * @param overrides - command-line seed and sample limit, replacing the suite's
 * @param registry - attack definitions (default: the built-in registry)
 * @throws InputError `BAD_SEED` / `BAD_LIMIT` for invalid overrides
 */
export function resolveSuite(value: SuiteFile, source: SuiteSource, overrides: SuiteOverrides = {}, registry: AttackRegistry = attackRegistry): ResolvedSuite {
  checkOverrides(overrides);
  const dir = dirname(source.path);
  const within = (path: string): string => (isAbsolute(path) ? path : resolve(dir, path));
  const { model, data } = value;
  const limit = overrides.limit ?? data.limit;
  return {
    id: value.id,
    ...(value.description === undefined ? {} : { description: value.description }),
    path: source.path,
    displayPath: source.displayPath,
    dir,
    sha256: source.sha256,
    seed: overrides.seed ?? value.seed ?? suiteDefaults.seed,
    engine: overrides.engine ?? value.engine ?? suiteDefaults.engine,
    model: {
      ...model,
      path: within(model.path),
      format: model.format ?? suiteDefaults.modelFormat,
      inputRange: model.inputRange === undefined ? [...suiteDefaults.inputRange] : [model.inputRange[0], model.inputRange[1]],
      output: model.output ?? suiteDefaults.output,
      ...(model.preprocess === undefined ? {} : { preprocess: { mean: [...model.preprocess.mean], std: [...model.preprocess.std] } }),
      ...(model.classNames === undefined ? {} : { classNames: [...model.classNames] }),
    },
    data: {
      ...data,
      path: within(data.path),
      ...(data.labelsPath === undefined ? {} : { labelsPath: within(data.labelsPath) }),
      labels: data.labels ?? suiteDefaults.labels,
      batchSize: data.batchSize ?? suiteDefaults.batchSize,
      ...(limit === undefined ? {} : { limit }),
    },
    attacks: value.attacks.map((attack) => resolveAttack(attack, registry)),
    thresholds: (value.thresholds ?? []).map((threshold) => ({ ...threshold })),
    ...(value.confidence === undefined ? {} : { confidence: value.confidence }),
    checks: { failOn: value.checks?.failOn ?? suiteDefaults.failOn, autoSquare: value.checks?.autoSquare ?? false, autoRand: value.checks?.autoRand ?? false },
    ...(value.timeoutSeconds === undefined ? {} : { timeoutSeconds: value.timeoutSeconds }),
  };
}
