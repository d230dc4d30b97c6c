/**
 * Mean drop of the true class's probability caused by a perturbation, over the clean-correct
 * samples: mean of p_clean(label) − p_perturbed(label). In [−1, 1]; 0 when no sample was
 * clean-correct. Clean-misclassified samples are left out: they are not attacked.
 *
 * @param clean - clean probabilities, row-major `[n, numClasses]`
 * @param perturbed - probabilities on the perturbed inputs, same layout
 * @param labels - true class per sample
 * @param cleanCorrect - 1 where the clean prediction is correct
 */
export function meanConfidenceDrop(
  clean: ArrayLike<number>, perturbed: ArrayLike<number>, labels: ArrayLike<number>, cleanCorrect: ArrayLike<number>, numClasses: number,
): number {
  let total = 0;
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!cleanCorrect[i]) continue;
    const at = i * numClasses + labels[i]!;
    total += clean[at]! - perturbed[at]!;
    count++;
  }
  return count > 0 ? total / count : 0;
}
