import type { ClassMetrics } from '../report/statistics-types.js';
import { confusionMatrix } from './confusion.js';

/**
 * Per-class precision, recall and F1 from labels and predictions, plus each class's count of
 * samples the accuracy metric counts correct. `null` rather than 0 for undefined ratios, so a
 * class that was never predicted is not mistaken for one predicted always wrongly.
 *
 * @param correct - 1 where the sample counts as correct (clean-correct, or robust under attack);
 *   defaults to prediction = label
 */
export function perClassMetrics(input: {
  labels: ArrayLike<number>;
  predictions: ArrayLike<number>;
  numClasses: number;
  correct?: ArrayLike<number>;
  classNames?: string[];
}): ClassMetrics[] {
  const { labels, predictions, numClasses } = input;
  const matrix = confusionMatrix(labels, predictions, numClasses);
  const correctCounts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const isCorrect = input.correct ? input.correct[i]! === 1 : labels[i] === predictions[i];
    if (isCorrect) correctCounts[labels[i]!]!++;
  }
  return matrix.map((row, label) => {
    const support = row.reduce((sum, count) => sum + count, 0);
    const predicted = matrix.reduce((sum, other) => sum + other[label]!, 0);
    const truePositives = row[label]!;
    const precision = predicted > 0 ? truePositives / predicted : null;
    const recall = support > 0 ? truePositives / support : null;
    // Undefined precision or recall counts as 0 in F1 (scikit-learn's zero_division=0); F1 is
    // undefined only when the class is neither present nor predicted.
    const [p, r] = [precision ?? 0, recall ?? 0];
    const f1 = precision === null && recall === null ? null : p + r === 0 ? 0 : (2 * p * r) / (p + r);
    const name = input.classNames?.[label];
    return { label, ...(name !== undefined ? { name } : {}), support, correct: correctCounts[label]!, predicted, precision, recall, f1 };
  });
}
