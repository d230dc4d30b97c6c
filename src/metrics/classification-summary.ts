import { confusionMatrix } from './confusion.js';
import type { ClassMetrics } from '../report/statistics-types.js';
import { perClassMetrics } from './per-class.js';
import { classifierRocAuc } from './roc-auc.js';

/** Largest class count for which confusion matrices go into reports (n² numbers per case). */
export const confusionMaxClasses = 100;

/** Per-class metrics, confusion matrix and ROC-AUC of one set of predictions. */
export interface ClassificationSummary {
  perClass: ClassMetrics[];
  /** `confusion[label][prediction]`; omitted above {@link confusionMaxClasses} classes. */
  confusion?: number[][];
  /** Binary ROC-AUC (2 classes) or macro one-vs-rest ROC-AUC; omitted when undefined. */
  rocAuc?: number;
}

/**
 * Summarises predictions against labels: per-class precision/recall/F1 (with the accuracy
 * metric's correct count per class), the confusion matrix and ROC-AUC of the probabilities.
 *
 * @param probabilities - softmax probabilities, row-major `[n, numClasses]`
 * @param correct - 1 where the sample counts correct (robust under attack); default prediction = label
 */
export function summarizeClassification(input: {
  labels: ArrayLike<number>;
  predictions: ArrayLike<number>;
  probabilities: ArrayLike<number>;
  numClasses: number;
  correct?: ArrayLike<number>;
  classNames?: string[];
}): ClassificationSummary {
  const { labels, predictions, numClasses } = input;
  const rocAuc = labels.length > 0 ? classifierRocAuc(input.probabilities, labels, numClasses) : undefined;
  return {
    perClass: perClassMetrics(input),
    ...(numClasses <= confusionMaxClasses ? { confusion: confusionMatrix(labels, predictions, numClasses) } : {}),
    ...(rocAuc !== undefined ? { rocAuc } : {}),
  };
}
