/**
 * Gaussian noise of a fixed norm: x' = x + ε · n / ‖n‖ with n ~ N(0, I) per sample.
 * Following Foolbox's `L2AdditiveGaussianNoiseAttack`: the noise is rescaled to ε in the chosen
 * norm (default L2; exactly ε for L∞, within float32 rounding below ε for L2/L1, see
 * `core/noise-radius.ts`), so noise and gradient attacks at the same budget are comparable;
 * the runner then clips to the input box (which can only shrink the noise). `repeats` draws
 * several noises per sample and keeps the first that changes the prediction (worst case).
 * One noise direction per sample and repeat is reused for every ε, so larger ε scale the same
 * noise and curves are comparable across ε.
 */
import { proposeAdditiveNoise } from './core/additive-noise.js';
import { defineAttack } from './core/define-attack.js';
import { repeatsParam } from './core/repeats.js';

export const gaussianNoise = defineAttack({
  type: 'gaussian-noise',
  kind: 'noise',
  summary: 'Additive Gaussian noise rescaled to norm ε (worst of `repeats` draws)',
  reference: 'Rauber et al. 2017, Foolbox, https://arxiv.org/abs/1707.04131',
  norms: ['l2', 'linf', 'l1'],
  budget: 'epsilons',
  params: {
    repeats: repeatsParam,
  },
  propose(context) {
    return proposeAdditiveNoise(context, context.params.repeats, (repeat) => context.draws(`noise/${repeat}`, 'normal'), true);
  },
});
