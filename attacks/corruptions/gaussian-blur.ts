/**
 * Gaussian blur — ImageNet-C / CIFAR-10-C `gaussian_blur` (one of their four held-out "extra"
 * corruptions): scikit-image `gaussian(x, sigma)` per channel, i.e. a Gaussian kernel of standard
 * deviation σ pixels cut at 4σ, edges repeated ('nearest'), then clipped to [0, 1].
 *
 * Hendrycks & Dietterich 2019, "Benchmarking Neural Network Robustness to Common Corruptions and
 * Perturbations", https://arxiv.org/abs/1903.12261; severity tables from the reference code
 * hendrycks/robustness `ImageNet-C/create_c/make_cifar_c.py` and `make_imagenet_c.py`.
 *
 * | severity                            | 1  | 2  | 3  | 4  | 5 |
 * | ----------------------------------- | -- | -- | -- | -- | - |
 * | σ (px), preset cifar-10-c (default) | .4 | .6 | .7 | .8 | 1 |
 * | σ (px), preset imagenet-c           | 1  | 2  | 3  | 4  | 6 |
 *
 * σ is in pixels of the model's input, as in the references (CIFAR-10-C's table is for 32 px
 * images, ImageNet-C's for 224 px). Blurring is linear, so it runs in input units directly.
 */
import type * as tf from '@tensorflow/tfjs';
import { defineAttack } from '../core/define-attack.js';
import { blurImages } from '../core/gaussian-kernel.js';
import { imageSize } from '../core/image.js';
import { atPresetSeverity, presetParam, type Preset, type SeverityTable } from '../core/severity.js';

/** Standard deviation σ in pixels per severity. */
export const blurTable: Record<Preset, SeverityTable<number>> = {
  'cifar-10-c': [0.4, 0.6, 0.7, 0.8, 1],
  'imagenet-c': [1, 2, 3, 4, 6],
};

export const gaussianBlur = defineAttack({
  type: 'gaussian-blur',
  kind: 'corruption',
  summary: 'Gaussian blur of σ pixels (σ = .4–1 on CIFAR-10-C, 1–6 on ImageNet-C)',
  reference: 'Hendrycks & Dietterich 2019, https://arxiv.org/abs/1903.12261',
  norms: [],
  budget: 'severities',
  params: { preset: presetParam },
  propose(context) {
    imageSize(context.x, 'gaussian-blur');
    const sigma = atPresetSeverity(blurTable, context.params.preset, context.budget, 'gaussian-blur');
    // The runner clips to the input box; a convex combination of pixels never leaves it anyway.
    return blurImages(context.x as tf.Tensor4D, sigma, { truncate: 4, mode: 'nearest' });
  },
});
