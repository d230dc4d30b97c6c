import type { ClassEvidence } from './build/report-tally.js';
import type { CaseResult, SuiteReport } from './report-types.js';

/** Element-wise sum of the shards' confusion matrices (counts add up exactly); undefined when a shard has none. */
function sumMatrices(matrices: (number[][] | undefined)[]): number[][] | undefined {
  if (matrices.some((matrix) => matrix === undefined)) return undefined;
  const all = matrices as number[][][];
  return all[0]!.map((row, i) => row.map((_, j) => all.reduce((total, matrix) => total + matrix[i]![j]!, 0)));
}

/**
 * Classification evidence of the merged clean pass: the summed confusion matrix. Reports keep no
 * per-sample probabilities, so merged reports have no ROC-AUC.
 */
export function mergedCleanEvidence(shards: SuiteReport[]): ClassEvidence {
  const confusion = sumMatrices(shards.map((shard) => shard.clean.confusion));
  return { from: 'confusion', ...(confusion ? { confusion } : {}) };
}

/**
 * Classification evidence of one merged case: the summed confusion matrix (exact) and the mean
 * confidence drop as the clean-correct-weighted mean of the shards' means (equal up to float
 * rounding).
 */
export function mergedCaseEvidence(shards: SuiteReport[], results: CaseResult[]): ClassEvidence {
  const confusion = sumMatrices(results.map((result) => result.confusion));
  let confidenceDrop: number | undefined;
  if (results.every((result) => result.confidenceDrop !== undefined)) {
    const weights = shards.map((shard) => shard.clean.correct);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    confidenceDrop = total ? results.reduce((sum, result, s) => sum + result.confidenceDrop! * weights[s]!, 0) / total : 0;
  }
  return { from: 'confusion', ...(confusion ? { confusion } : {}), ...(confidenceDrop !== undefined ? { confidenceDrop } : {}) };
}
