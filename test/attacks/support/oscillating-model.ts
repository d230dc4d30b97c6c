import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../../../src/model/classifier.js';

/** Inputs of the oscillating model: 8 values in [0, 1]. */
export const oscillatingInputSize = 8;

/**
 * A two-class model whose adversarial region is a thin slab that loss ascent crosses and then
 * leaves: with s = mean(x), z = [0, 10·(cos(2π(s − 0.5)) − 0.99)], so class 1 wins only for
 * |s − 0.5| < 0.0225 (the top of the cosine). Fixed-size gradient steps from s = 0.33 climb to
 * the top, land inside the slab, then overshoot and bounce around it (and momentum carries the
 * walk past it): an attack that returns its last iterate instead of its first success loses the
 * sample. The clean input (every value 0.33) is class 0.
 */
export function oscillatingBench(): { classifier: Classifier; x: Float32Array; labels: Int32Array } {
  const logits = (x: tf.Tensor) => tf.tidy(() => {
    const s = x.reshape([x.shape[0]!, -1]).mean(1, true);
    const bump = s.sub(0.5).mul(2 * Math.PI).cos().sub(0.99).mul(10);
    return tf.concat([tf.zerosLike(bump), bump], 1) as tf.Tensor2D;
  });
  const classifier: Classifier = {
    inputShape: [oscillatingInputSize], numClasses: 2, inputRange: [0, 1], outputKind: 'logits', format: 'layers',
    logits, rawOutput: logits, dispose: () => undefined,
  };
  return { classifier, x: new Float32Array(oscillatingInputSize).fill(0.33), labels: Int32Array.from([0]) };
}
