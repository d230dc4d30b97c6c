import type * as tf from '@tensorflow/tfjs';
import type { AttackContext, AttackDefinition, ParamSpec } from '../types.js';
import type { TargetSpec } from './target-param.js';

/** Parameter specs of one attack, by parameter name (declare them `as const satisfies ParamSpecs`). */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The value type a spec admits: its enum's members, a number, a boolean, a target or a string. */
export type ParamValue<S extends ParamSpec> =
  S extends { enum: readonly (infer E)[] } ? E
    : S extends { type: 'number' | 'integer' } ? number
      : S extends { type: 'boolean' } ? boolean
        : S extends { type: 'target' } ? TargetSpec
          : string;

/** Parameters as an attack reads them: defaulted specs are always present, the others may be absent. */
export type ParamValues<P extends ParamSpecs> = {
  readonly [K in keyof P]: P[K] extends { default: unknown } ? ParamValue<P[K]> : ParamValue<P[K]> | undefined;
};

/** An attack context whose `params` are typed by the attack's specs and filled with their defaults. */
export type TypedContext<P extends ParamSpecs> = Omit<AttackContext, 'params'> & { params: ParamValues<P> };

/** What an attack file declares: its registry entry with typed `propose` / `minimize`. */
export interface AttackDeclaration<P extends ParamSpecs> extends Omit<AttackDefinition, 'params' | 'propose' | 'minimize'> {
  params: P;
  propose(context: TypedContext<P>): tf.Tensor;
  minimize?(context: TypedContext<P>): tf.Tensor;
}

/** `overrides` over the declared defaults of `specs` (a parameter without a default stays absent). */
export function withDefaults(specs: ParamSpecs, overrides: Record<string, unknown>): Record<string, unknown> {
  const defaults = Object.fromEntries(Object.entries(specs).filter(([, spec]) => spec.default !== undefined).map(([name, spec]) => [name, spec.default]));
  return { ...defaults, ...overrides };
}

/**
 * Turns an attack's declaration into its registry entry: `propose` and `minimize` receive the
 * context's parameters with every declared default filled in, typed from the specs (the suite
 * schema, which is generated from the same specs, has already checked the values). The runner's
 * resolved parameters carry the defaults already; direct calls (cascade members, tests) get
 * them here.
 */
export function defineAttack<const P extends ParamSpecs>(declaration: AttackDeclaration<P>): AttackDefinition {
  const typed = (context: AttackContext): TypedContext<P> => ({ ...context, params: withDefaults(declaration.params, context.params) as ParamValues<P> });
  const { propose, minimize, ...entry } = declaration;
  return {
    ...entry,
    propose: (context) => propose(typed(context)),
    ...(minimize ? { minimize: (context: AttackContext) => minimize(typed(context)) } : {}),
  };
}
