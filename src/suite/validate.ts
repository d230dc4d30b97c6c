/**
 * Suite validation: the generated JSON Schema (ajv, strict, all errors) plus reference checks.
 * Every problem is collected before anything is thrown, so one run of `robustcheck validate`
 * lists all of them.
 */
import AjvModule, { type ValidateFunction } from 'ajv';
import { attackRegistry } from '../../attacks/registry.js';
import { inputErrorFromProblems, type Problem } from '../errors.js';
import { pointerTokens } from './json-pointer.js';
import { describePosition, type SourcePosition } from './source-position.js';
import { checkSuiteReferences } from './reference-checks.js';
import { findingsFromAjv, type Finding } from './schema-messages.js';
import { buildSuiteSchema, type AttackRegistry } from './schema.js';
import type { SuiteFile } from './types.js';

// ajv is CommonJS; under NodeNext its class is the default export's `default`.
const Ajv = AjvModule.default;

/** Where a document came from, so problems can name the file and the line of each value. */
export interface ValidateOptions {
  /** File name for problems, as the user gave it. */
  file?: string;
  /** Positions recorded by `parseSuiteJson`, to add `line L, column C` to messages. */
  positions?: ReadonlyMap<string, SourcePosition>;
  /** Problems found earlier (duplicate or refused keys while parsing), reported together. */
  problems?: readonly Problem[];
  /** Attack definitions (default: the built-in registry). */
  registry?: AttackRegistry;
}

const validators = new WeakMap<AttackRegistry, ValidateFunction>();

function validatorFor(registry: AttackRegistry): ValidateFunction {
  let validator = validators.get(registry);
  if (validator === undefined) {
    // verbose: errors carry their data and parent schema, which the messages quote.
    const ajv = new Ajv({ strict: true, allErrors: true, verbose: true });
    validator = ajv.compile(buildSuiteSchema(registry));
    validators.set(registry, validator);
  }
  return validator;
}

/** Position of the value at `pointer`, or of its nearest recorded ancestor. */
function positionOf(pointer: string, positions: ReadonlyMap<string, SourcePosition> | undefined): SourcePosition | undefined {
  if (positions === undefined) return undefined;
  const tokens = pointerTokens(pointer);
  let current = pointer;
  for (let length = tokens.length; length >= 0; length--) {
    const position = positions.get(current);
    if (position !== undefined) return position;
    current = current.slice(0, current.lastIndexOf('/'));
  }
  return undefined;
}

/**
 * Every problem of a suite document: earlier parse problems, schema errors as human messages,
 * then reference checks; sorted by position in the file when positions are known.
 */
export function collectSuiteProblems(value: unknown, options: ValidateOptions = {}): Problem[] {
  const registry = options.registry ?? attackRegistry;
  const validator = validatorFor(registry);
  const schemaFindings = validator(value) ? [] : findingsFromAjv(validator.errors ?? [], value);
  // A value the schema already rejected needs no second message from the reference checks.
  const rejected = new Set(schemaFindings.map((finding) => finding.pointer));
  const referenceFindings = checkSuiteReferences(value, registry).filter((finding) => !rejected.has(finding.pointer));
  const located = [...schemaFindings, ...referenceFindings].map((finding: Finding) => {
    const position = positionOf(finding.pointer, options.positions);
    return {
      problem: { file: options.file, location: finding.pointer, message: position ? `${finding.message} (${describePosition(position)})` : finding.message },
      position,
    };
  });
  const earlier = (options.problems ?? []).map((problem) => ({ problem, position: positionOf(problem.location ?? '', options.positions) }));
  const all = [...earlier, ...located];
  const order = (position: SourcePosition | undefined): number => (position === undefined ? -1 : position.line * 1e7 + position.column);
  // Array.prototype.sort is stable, so problems at the same place keep their order.
  return all.sort((a, b) => order(a.position) - order(b.position)).map((entry) => entry.problem);
}

/**
 * Validates a parsed suite document and returns it typed.
 *
 * @throws InputError `SUITE_INVALID` (exit 2) listing every problem, each located by JSON pointer
 *   with a message that says what was expected and how to fix it.
 */
export function validateSuite(value: unknown, options: ValidateOptions = {}): SuiteFile {
  const problems = collectSuiteProblems(value, options);
  if (problems.length > 0) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    throw inputErrorFromProblems('SUITE_INVALID', `${options.file ?? 'suite'}: invalid suite (${count}):`, problems);
  }
  return value as SuiteFile;
}
