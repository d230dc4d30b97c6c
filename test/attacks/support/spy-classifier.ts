import { measurePerturbation } from '../../../src/metrics/perturbation-size.js';
import type { Classifier } from '../../../src/model/classifier.js';
import type { Norm } from '../../../src/tensor/norms.js';

/** Logit margin above which a spied point counts as clearly misclassified (no float ties). */
const clearMargin = 1e-4;

/**
 * Wraps a classifier to watch every point an attack evaluates. A point inside some sample's ε-ball
 * and the box whose prediction is clearly not the sample's label marks that sample as `seen`
 * broken: an attack that then reports the sample robust has thrown away an adversarial it found.
 * Samples must lie more than 2ε apart (L∞) so each point belongs to one ball.
 */
export function spyClassifier(inner: Classifier, clean: Float32Array, labels: Int32Array, epsilon: number, norm: Norm): { classifier: Classifier; seen: Uint8Array } {
  const n = labels.length;
  const length = clean.length / n;
  const seen = new Uint8Array(n);
  const [low, high] = inner.inputRange;
  const observe = (input: Float32Array, logits: Float32Array, classes: number) => {
    for (let row = 0; row * length < input.length; row++) {
      const point = input.subarray(row * length, (row + 1) * length);
      if (point.some((value) => value < low || value > high)) continue;
      for (let sample = 0; sample < n; sample++) {
        if (measurePerturbation(clean.subarray(sample * length, (sample + 1) * length), point)[norm] > epsilon + 1e-6) continue;
        const z = logits.subarray(row * classes, (row + 1) * classes);
        const other = Math.max(...Array.from(z).filter((_, k) => k !== labels[sample]));
        if (other - z[labels[sample]!]! > clearMargin) seen[sample] = 1;
      }
    }
  };
  const classifier: Classifier = {
    ...inner,
    logits: (x) => {
      const logits = inner.logits(x);
      observe(Float32Array.from(x.dataSync()), Float32Array.from(logits.dataSync()), logits.shape[1]);
      return logits;
    },
  };
  return { classifier, seen };
}

/** Pairwise smallest distance in `norm` of a batch of samples (to size ε for {@link spyClassifier}). */
export function smallestSeparation(values: Float32Array, n: number, norm: Norm): number {
  const length = values.length / n;
  let smallest = Infinity;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      smallest = Math.min(smallest, measurePerturbation(values.subarray(a * length, (a + 1) * length), values.subarray(b * length, (b + 1) * length))[norm]);
    }
  }
  return smallest;
}
