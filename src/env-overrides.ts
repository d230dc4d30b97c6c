/**
 * Environment overrides: `ROBUSTCHECK_ENGINE`, `ROBUSTCHECK_BACKEND` and `ROBUSTCHECK_SEED` let CI
 * choose the engine, the backend and the root seed without editing suites or command lines. Precedence everywhere: an explicit
 * flag or option, then the environment, then the suite / default. The CLI reads them through
 * commander (`Option.env`); the programmatic entry points that take no flags (the vitest
 * matchers, `init`'s baseline) read them here, with the same validation.
 */
import { InputError } from './errors.js';
import { engineChoices, isEngineChoice, type EngineChoice } from './engine/engine-choice.js';
import { backendChoices, isBackendChoice, type BackendChoice } from './model/backend-choice.js';

/** Names of the environment variables robustcheck reads. */
export const envVariables = { engine: 'ROBUSTCHECK_ENGINE', backend: 'ROBUSTCHECK_BACKEND', seed: 'ROBUSTCHECK_SEED' } as const;

/** Values taken from the environment; a field is absent when its variable is unset. */
export interface EnvOverrides {
  /** One of `engineChoices` (`src/engine/engine-choice.ts`). */
  engine?: EngineChoice;
  /** One of `backendChoices` (`src/model/backend-choice.ts`). */
  backend?: BackendChoice;
  /** Root seed, integer 0 … 2^32 − 1. */
  seed?: number;
}

/**
 * Reads and checks the overrides.
 *
 * @param env - the environment (default `process.env`)
 * @throws InputError `BAD_ENV` (exit 2) naming the variable when a value is invalid
 */
export function readEnvOverrides(env: NodeJS.ProcessEnv = process.env): EnvOverrides {
  const overrides: EnvOverrides = {};
  const engine = env[envVariables.engine];
  if (engine !== undefined) {
    if (!isEngineChoice(engine)) {
      throw new InputError('BAD_ENV', `${envVariables.engine}="${engine}" is not an engine: use one of ${engineChoices.join(', ')}, or unset it.`);
    }
    overrides.engine = engine;
  }
  const backend = env[envVariables.backend];
  if (backend !== undefined) {
    if (!isBackendChoice(backend)) {
      throw new InputError('BAD_ENV', `${envVariables.backend}="${backend}" is not a backend: use one of ${backendChoices.join(', ')}, or unset it.`);
    }
    overrides.backend = backend;
  }
  const seed = env[envVariables.seed];
  if (seed !== undefined) {
    const value = /^\d+$/.test(seed.trim()) ? Number(seed) : NaN;
    if (!Number.isSafeInteger(value) || value > 0xffffffff) {
      throw new InputError('BAD_ENV', `${envVariables.seed}="${seed}" is not a seed: use a whole number from 0 to 4294967295, or unset it.`);
    }
    overrides.seed = value;
  }
  return overrides;
}
