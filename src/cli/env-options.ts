/**
 * `--backend` and `--seed` with their environment variables (`ROBUSTCHECK_BACKEND`,
 * `ROBUSTCHECK_SEED`). Commander applies the precedence — a flag on the command line, then the
 * variable, then the default — and reports an invalid variable as a usage error (exit 2) that
 * names it: `option '--seed <n>' value 'x' from env 'ROBUSTCHECK_SEED' is invalid`.
 */
import { Option } from 'commander';
import { envVariables } from '../env-overrides.js';
import { autoEngineSummary, engineChoices } from '../engine/engine-choice.js';
import { backendChoices } from '../model/backend-choice.js';
import { parseNonNegativeInteger } from './parse-options.js';

/** `--backend <name>`: one of `backendChoices` (default `auto`); also from `ROBUSTCHECK_BACKEND`. */
export function backendOption(): Option {
  return new Option('--backend <name>', 'tfjs backend').choices([...backendChoices]).default('auto').env(envVariables.backend);
}

/**
 * `--engine <name>`: who computes logits and gradients (one of `engineChoices`); also from
 * `ROBUSTCHECK_ENGINE`. No default here: unset, each suite's `engine` field (default `auto`) decides.
 */
export function engineOption(): Option {
  return new Option('--engine <name>', `engine for logits and gradients (default: the suite's engine, else auto: ${autoEngineSummary})`)
    .choices([...engineChoices]).env(envVariables.engine);
}

/** `--seed <n>`: replaces every suite's root seed (0 … 2^32 − 1); also from `ROBUSTCHECK_SEED`. */
export function seedOption(description = "override every suite's seed"): Option {
  return new Option('--seed <n>', description).argParser(parseNonNegativeInteger).env(envVariables.seed);
}
