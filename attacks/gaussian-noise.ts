/**
 * Gaussian noise of a fixed norm: x' = x + ε · n / ‖n‖ with n ~ N(0, I) per sample.
 * Following Foolbox's `L2AdditiveGaussianNoiseAttack`: the noise is rescaled to exactly ε in the
 * chosen norm (default L2), so noise and gradient attacks at the same budget are comparable;
 * the runner then clips to the input box (which can only shrink the noise). `repeats` draws
 * several noises per sample and keeps the first that changes the prediction (worst case).
 * One noise direction per sample and repeat is reused for every ε, so larger ε scale the same
 * noise and curves are comparable across ε.
 */
import * as tf from '@tensorflow/tfjs';
import { distance } from '../src/tensor/norms.js';
import { misclassified } from './core/loss.js';
import type { AttackDefinition } from './types.js';

export const gaussianNoise: AttackDefinition = {
  type: 'gaussian-noise',
  kind: 'noise',
  summary: 'Additive Gaussian noise rescaled to norm ε (worst of `repeats` draws)',
  reference: 'Rauber et al. 2017, Foolbox, https://arxiv.org/abs/1707.04131',
  norms: ['l2', 'linf', 'l1'],
  budget: 'epsilons',
  params: {
    repeats: { type: 'integer', minimum: 1, maximum: 1000, default: 1, description: 'noise draws per sample; the first that breaks it is kept' },
  },
  propose(context) {
    const { x, labels, budget: epsilon, norm } = context;
    const repeats = context.params.repeats as number;
    let result = tf.keep(x.clone());
    let found = tf.keep(tf.zeros([x.shape[0]!], 'bool'));
    for (let repeat = 0; repeat < repeats; repeat++) {
      const [nextResult, nextFound] = tf.tidy(() => {
        const noise = context.draws(`noise/${repeat}`, 'normal');
        const size = distance(noise, norm).maximum(1e-12);
        const scaled = noise.div(size.reshape([-1, ...x.shape.slice(1).map(() => 1)])).mul(epsilon);
        const candidate = context.project(x.add(scaled));
        const broken = misclassified(context.classifier.logits(candidate), labels).logicalAnd(found.logicalNot());
        const mask = broken.reshape([-1, ...x.shape.slice(1).map(() => 1)]).tile([1, ...x.shape.slice(1)]);
        const keepLast = repeat === repeats - 1 ? found.logicalNot().logicalAnd(broken.logicalNot()) : tf.zerosLike(broken);
        const lastMask = keepLast.reshape([-1, ...x.shape.slice(1).map(() => 1)]).tile([1, ...x.shape.slice(1)]);
        return [tf.where(mask.logicalOr(lastMask), candidate, result), found.logicalOr(broken)];
      });
      result.dispose();
      found.dispose();
      result = tf.keep(nextResult!);
      found = tf.keep(nextFound!);
    }
    found.dispose();
    return result;
  },
};
