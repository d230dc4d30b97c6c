import { perClassMetrics } from '../metrics/per-class.js';
import type { CaseResult, SuiteReport } from './report-types.js';

type Classification = Pick<CaseResult, 'perClass' | 'confusion' | 'confidenceDrop'>;

/** Element-wise sum of the shards' confusion matrices (counts add up exactly). */
function sumMatrices(matrices: number[][][]): number[][] {
  return matrices[0]!.map((row, i) => row.map((_, j) => matrices.reduce((total, matrix) => total + matrix[i]![j]!, 0)));
}

/**
 * Per-class metrics of merged shards, by the same function a run uses, fed label/prediction pairs
 * expanded from the merged confusion matrix and each class's merged count of correct samples:
 * it only counts, so the result equals an unsharded run's.
 */
function perClassFromCounts(confusion: number[][], correctPerClass: number[] | undefined, classNames?: string[]) {
  const labels: number[] = [];
  const predictions: number[] = [];
  const correct: number[] = [];
  const remaining = correctPerClass ? [...correctPerClass] : undefined;
  confusion.forEach((row, label) => row.forEach((count, prediction) => {
    for (let k = 0; k < count; k++) {
      labels.push(label);
      predictions.push(prediction);
      if (remaining) correct.push(remaining[label]! > 0 ? (remaining[label]!--, 1) : 0);
    }
  }));
  return perClassMetrics({ labels, predictions, numClasses: confusion.length, ...(remaining ? { correct } : {}), ...(classNames ? { classNames } : {}) });
}

/** Correct samples per class from merged labels and 0/1 flags. */
function countPerClass(labels: number[], flags: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  labels.forEach((label, i) => { if (flags[i]) counts[label]!++; });
  return counts;
}

/**
 * Clean-pass classification metrics of merged shards: confusion matrix and per-class metrics
 * (exact). ROC-AUC needs every sample's probabilities, which reports do not keep, so merged reports
 * leave it out.
 */
export function mergeCleanClassification(shards: SuiteReport[]): Pick<SuiteReport['clean'], 'perClass' | 'confusion'> {
  const matrices = shards.map((shard) => shard.clean.confusion);
  if (matrices.some((matrix) => matrix === undefined)) return {};
  const confusion = sumMatrices(matrices as number[][][]);
  return { perClass: perClassFromCounts(confusion, undefined, shards[0]!.model.classNames), confusion };
}

/**
 * Classification metrics of one merged case: confusion and per-class metrics exactly; the mean
 * confidence drop as the clean-correct-weighted mean of the shards' means (equal up to float
 * rounding); no ROC-AUC (see {@link mergeCleanClassification}).
 */
export function mergeCaseClassification(input: {
  shards: SuiteReport[];
  results: CaseResult[];
  labels: number[];
  robust: Uint8Array;
}): Classification {
  const { shards, results } = input;
  const out: Classification = {};
  const matrices = results.map((result) => result.confusion);
  if (matrices.every((matrix) => matrix !== undefined)) {
    out.confusion = sumMatrices(matrices as number[][][]);
    out.perClass = perClassFromCounts(out.confusion, countPerClass(input.labels, input.robust, out.confusion.length), shards[0]!.model.classNames);
  }
  if (results.every((result) => result.confidenceDrop !== undefined)) {
    const weights = shards.map((shard) => shard.clean.correct);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    out.confidenceDrop = total ? results.reduce((sum, result, s) => sum + result.confidenceDrop! * weights[s]!, 0) / total : 0;
  }
  return out;
}
