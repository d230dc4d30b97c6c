/**
 * Confusion matrix: `matrix[label][prediction]` counts samples, rows are true classes and columns
 * predicted classes (the scikit-learn convention), so row sums are class supports.
 *
 * @param labels - true class per sample, integers in [0, numClasses)
 * @param predictions - predicted class per sample, same length
 * @param numClasses - number of classes (matrix size)
 */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number): number[][] {
  if (labels.length !== predictions.length) throw new RangeError(`confusionMatrix: ${labels.length} labels but ${predictions.length} predictions`);
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const prediction = predictions[i]!;
    if (label < 0 || label >= numClasses || prediction < 0 || prediction >= numClasses) {
      throw new RangeError(`confusionMatrix: sample ${i} has label ${label} / prediction ${prediction} outside [0, ${numClasses})`);
    }
    matrix[label]![prediction]!++;
  }
  return matrix;
}
