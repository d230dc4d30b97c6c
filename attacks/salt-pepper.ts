/**
 * Salt-and-pepper (impulse) noise with an L0 budget: ε input values, chosen uniformly at random
 * without replacement, are set to the box's high value ("salt", probability `saltRatio`) or its
 * low value ("pepper"). Everything else is untouched.
 *
 * Budget: ε is a COUNT of input values (the L0 norm, norm `l0`), the same unit as the report's
 * `perturbation.l0` and as sparse (L0) attacks, so they compare at the same budget. A non-integer
 * ε allows ⌊ε⌋ values. A value already at the chosen extreme does not change, so the measured L0
 * can be below ε. To reproduce a fraction p of an image (ImageNet-C's `amount`), use ε = p·h·w·c:
 *
 * | severity (ImageNet-C / CIFAR-10-C impulse noise) | 1   | 2   | 3   | 4   | 5   |
 * | --- | --- | --- | --- | --- | --- |
 * | ImageNet-C amount p                              | .03 | .06 | .09 | .17 | .27 |
 * | CIFAR-10-C amount p                              | .01 | .02 | .03 | .05 | .07 |
 * | ε on 28×28×1 (Fashion-MNIST) for CIFAR-10-C      | 7   | 15  | 23  | 39  | 54  |
 *
 * Values are counted per coordinate (channel values, not pixels), as in scikit-image's
 * `random_noise(mode='s&p')`, which the references call; it flips each value with probability p,
 * we flip exactly ⌊ε⌋ so the budget holds exactly. saltRatio 0.5 is its `salt_vs_pepper`
 * default. The chosen positions are
 * the ε smallest of one seeded uniform draw per value, so the positions at a smaller ε are a
 * subset of those at a larger ε and curves are comparable across ε.
 *
 * Reference: Hendrycks & Dietterich 2019, "Benchmarking Neural Network Robustness to Common
 * Corruptions and Perturbations", https://arxiv.org/abs/1903.12261 (impulse noise), reference code
 * hendrycks/robustness `ImageNet-C/create_c/make_imagenet_c.py`, `make_cifar_c.py`.
 */
import * as tf from '@tensorflow/tfjs';
import { largestKMask } from '../src/tensor/norms.js';
import { asRows } from '../src/tensor/rows.js';
import { defineAttack } from './core/define-attack.js';
import { keepFirstSuccess, repeatsParam } from './core/repeats.js';

export const saltPepper = defineAttack({
  type: 'salt-pepper',
  kind: 'noise',
  summary: 'Salt-and-pepper noise: ε = NUMBER of input values (L0) set to the box low/high value (fraction p of an image: ε = p·h·w·c)',
  reference: 'Hendrycks & Dietterich 2019 (impulse noise), https://arxiv.org/abs/1903.12261',
  norms: ['l0'],
  budget: 'epsilons',
  params: {
    saltRatio: { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: 'fraction of changed values set to the high end of the input range (the rest go to the low end)' },
    repeats: repeatsParam,
  },
  propose(context) {
    const { x, bounds } = context;
    const n = x.shape[0]!;
    const count = Math.floor(context.budget);
    const { saltRatio, repeats } = context.params;
    return keepFirstSuccess(context, repeats, (repeat) => tf.tidy(() => {
      // The ε largest of (1 − u) are the ε smallest draws u: a uniform random subset of size ε.
      const order = asRows(context.draws(`positions/${repeat}`, 'uniform')).neg().add(1) as tf.Tensor2D;
      const chosen = largestKMask(order, count).reshape(x.shape).cast('bool');
      const salt = context.draws(`salt/${repeat}`, 'uniform').less(saltRatio);
      const impulse = tf.where(salt, tf.fill(x.shape, bounds[1]), tf.fill(x.shape, bounds[0]));
      return tf.where(chosen, impulse, x);
    }));
  },
});
