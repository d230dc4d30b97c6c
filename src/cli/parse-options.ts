import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { isReporterName, reporterNames, type ReporterName } from './reporter-registry.js';

/** Parses a non-negative integer flag value (commander turns the error into exit 2). */
export function parseNonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}".`);
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed > 2 ** 32 - 1) throw new InvalidArgumentError(`expected a whole number below 2^32, got "${value}".`);
  return parsed;
}

/** Parses a positive integer flag value. */
export function parsePositiveInteger(value: string): number {
  const parsed = parseNonNegativeInteger(value);
  if (parsed === 0) throw new InvalidArgumentError('expected a whole number ≥ 1, got 0.');
  return parsed;
}

/** Parses `--reporter a,b` into known reporter names. */
export function parseReporters(value: string): ReporterName[] {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  for (const name of names) {
    if (!isReporterName(name)) {
      throw new InvalidArgumentError(`unknown reporter "${name}": use ${reporterNames.join(', ')}.`);
    }
  }
  if (names.length === 0) throw new InvalidArgumentError(`expected one or more of ${reporterNames.join(', ')}.`);
  return names as ReporterName[];
}

/**
 * Most `--workers` accepted. Each worker thread holds its own tfjs engine, wasm heap and copy of
 * the model (tens of MB each: 64 workers took 2.2 GB), and attacks gain little past the core
 * count, so a larger number is refused rather than silently exhausting memory.
 */
export const maxWorkers = 16;

/** Parses `--workers N`: a whole number from 1 to {@link maxWorkers}. */
export function parseWorkers(value: string): number {
  const parsed = parsePositiveInteger(value);
  if (parsed > maxWorkers) {
    throw new InvalidArgumentError(`at most ${maxWorkers} workers, got ${parsed}: each worker holds its own engine and copy of the model. Use a number up to the machine's cores (${availableParallelism()} here), or leave it out for the default.`);
  }
  return parsed;
}

/** Default `--workers`: one per core, at most 4 (DESIGN.md §1). */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
