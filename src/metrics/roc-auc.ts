/**
 * Area under the ROC curve of scores against binary labels, as the Mann–Whitney statistic: the
 * probability that a random positive scores above a random negative, ties counting ½ (average
 * ranks). `undefined` when there is no positive or no negative sample (the curve is undefined).
 *
 * @param scores - one score per sample (higher = more positive)
 * @param positive - 1 for positive samples, 0 for negative ones
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<number>): number | undefined {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) end++;
    // Ranks start..end (1-based start+1..end+1) share their average.
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (positive[order[k]!]) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return undefined;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * ROC-AUC of a classifier's probabilities: plain ROC-AUC of class 1's probability for a binary
 * model, else the unweighted mean of one-vs-rest AUCs over the classes that have both positive
 * and negative samples (scikit-learn's `roc_auc_score(..., multi_class="ovr", average="macro")`
 * on those classes). `undefined` when no class qualifies.
 *
 * @param probabilities - row-major `[n, numClasses]`
 * @param labels - true class per sample
 */
export function classifierRocAuc(probabilities: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number): number | undefined {
  const n = labels.length;
  const column = (c: number) => Float64Array.from({ length: n }, (_, i) => probabilities[i * numClasses + c]!);
  const isClass = (c: number) => Uint8Array.from({ length: n }, (_, i) => (labels[i] === c ? 1 : 0));
  if (numClasses === 2) return rocAuc(column(1), isClass(1));
  const aucs: number[] = [];
  for (let c = 0; c < numClasses; c++) {
    const auc = rocAuc(column(c), isClass(c));
    if (auc !== undefined) aucs.push(auc);
  }
  return aucs.length > 0 ? aucs.reduce((sum, auc) => sum + auc, 0) / aucs.length : undefined;
}
