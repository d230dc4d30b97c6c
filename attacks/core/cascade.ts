import * as tf from '@tensorflow/tfjs';
import { RobustcheckError } from '../../src/errors.js';
import type { AttackContext, AttackDefinition } from '../types.js';
import { BestSoFar } from './best-so-far.js';
import { noGradientCode } from './loss.js';
import { brokenRows, subContext } from './sub-context.js';

/** One member of a cascade: a registered attack with parameter overrides, under a report name. */
export interface CascadeMember {
  /** Name in the report's contributions (`apgd-ce`, `fab-t`, …). */
  name: string;
  definition: AttackDefinition;
  params: Record<string, unknown>;
}

/**
 * Runs attacks one after the other, each only on the samples every earlier one left unbroken
 * (AutoAttack's cascade): a sample's result is the first member's adversarial that breaks it after
 * projection (worst case per sample), and `context.tally('broken-by:<name>')` records which
 * member that was (1) among the samples it attacked (0), NaN for samples it never saw. A member
 * that needs gradients the model does not have is skipped with a warning; the rest still run.
 * Unbroken samples return the last member's point.
 */
export function runCascade(context: AttackContext, members: CascadeMember[]): tf.Tensor {
  const state = new BestSoFar(context.x);
  const n = context.x.shape[0]!;
  if (context.budget === 0) return context.x.clone();
  for (const member of members) {
    if (state.done) break;
    const rows = [...state.active];
    const { context: sub, dispose } = subContext(context, rows, member.name, { params: member.params });
    try {
      const proposal = member.definition.propose(sub);
      const projected = sub.project(proposal);
      const broken = brokenRows(sub, projected);
      state.record(projected, broken);
      state.keepLast(projected);
      const flags = new Float64Array(n).fill(NaN);
      rows.forEach((row, k) => { flags[row] = broken[k]!; });
      context.tally?.(`broken-by:${member.name}`, flags);
      tf.dispose(projected === proposal ? [proposal] : [proposal, projected]);
    } catch (error) {
      if (!(error instanceof RobustcheckError && error.code === noGradientCode)) throw error;
      context.warn?.(`${member.name} was skipped: ${error.message}`);
    } finally {
      dispose();
    }
    state.compact();
  }
  return state.result();
}
