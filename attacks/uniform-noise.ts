/**
 * Uniform noise of norm ε — the random baseline of L∞ attacks.
 *
 * - `linf` (default): every coordinate moves by an independent uniform draw in [−ε, ε], i.e. a
 *   uniform point of the L∞ ball — the "random noise of the same ε" baseline of Carlini et al.
 *   2019 (Foolbox 3's `LinfAdditiveUniformNoiseAttack` additionally rescales the draw so its
 *   largest value is exactly ε; plain uniform draws cover the whole ball, not just its boundary).
 * - `l2`, `l1`: the same uniform draws u ∈ [−1, 1]^d rescaled to ε in that norm,
 *   x' = x + ε · u / ‖u‖ (Foolbox's `L2AdditiveUniformNoiseAttack` convention; ε less a float32
 *   rounding margin of at most 0.02 % on 28×28 images, see `core/noise-radius.ts`).
 *
 * The runner clips to the input box, which can only shrink the noise. `repeats` draws several
 * noises per sample and keeps the first that changes the prediction (worst case). The draws of a
 * sample do not depend on ε, so larger ε scale the same noise and curves are comparable across ε.
 *
 * References: Rauber et al. 2017, "Foolbox", https://arxiv.org/abs/1707.04131; Carlini et al.
 * 2019, "On Evaluating Adversarial Robustness", https://arxiv.org/abs/1902.06705.
 */
import { proposeAdditiveNoise } from './core/additive-noise.js';
import { defineAttack } from './core/define-attack.js';
import { repeatsParam } from './core/repeats.js';

export const uniformNoise = defineAttack({
  type: 'uniform-noise',
  kind: 'noise',
  summary: 'Additive uniform noise: each value in [−ε, ε] (linf), or rescaled to norm ε (l2, l1); worst of `repeats` draws',
  reference: 'Rauber et al. 2017, Foolbox, https://arxiv.org/abs/1707.04131',
  norms: ['linf', 'l2', 'l1'],
  budget: 'epsilons',
  params: {
    repeats: repeatsParam,
  },
  propose(context) {
    // Uniform in [−1, 1] per coordinate: in L∞ that is already the ε-cube, other norms rescale it.
    return proposeAdditiveNoise(context, context.params.repeats, (repeat) => context.draws(`noise/${repeat}`, 'uniform').mul(2).sub(1), context.norm !== 'linf');
  },
});
