/**
 * Contrast — ImageNet-C / CIFAR-10-C `contrast`: x' = (x − m)·c + m, with m the mean of each
 * channel over the image, then clipped to [0, 1]. Smaller c = less contrast.
 *
 * Hendrycks & Dietterich 2019, "Benchmarking Neural Network Robustness to Common Corruptions and
 * Perturbations", https://arxiv.org/abs/1903.12261; severity tables from the reference code
 * hendrycks/robustness `ImageNet-C/create_c/make_cifar_c.py` and `make_imagenet_c.py`.
 *
 * | severity                      | 1   | 2   | 3   | 4   | 5   |
 * | ----------------------------- | --- | --- | --- | --- | --- |
 * | c, preset cifar-10-c (default) | .75 | .50 | .40 | .30 | .15 |
 * | c, preset imagenet-c          | .40 | .30 | .20 | .10 | .05 |
 *
 * The image is mapped from the input range to [0, 1] and back (the formula is affine, so only the
 * final clip depends on it).
 */
import * as tf from '@tensorflow/tfjs';
import { defineAttack } from '../core/define-attack.js';
import { fromUnitRange, imageSize, toUnitRange } from '../core/image.js';
import { atPresetSeverity, presetParam, type Preset, type SeverityTable } from '../core/severity.js';

/** Contrast factor c per severity. */
export const contrastTable: Record<Preset, SeverityTable<number>> = {
  'cifar-10-c': [0.75, 0.5, 0.4, 0.3, 0.15],
  'imagenet-c': [0.4, 0.3, 0.2, 0.1, 0.05],
};

export const contrast = defineAttack({
  type: 'contrast',
  kind: 'corruption',
  summary: 'Contrast: (x − channel mean)·c + mean (c = .75–.15 on CIFAR-10-C, .4–.05 on ImageNet-C)',
  reference: 'Hendrycks & Dietterich 2019, https://arxiv.org/abs/1903.12261',
  norms: [],
  budget: 'severities',
  params: { preset: presetParam },
  propose(context) {
    imageSize(context.x, 'contrast');
    const factor = atPresetSeverity(contrastTable, context.params.preset, context.budget, 'contrast');
    return tf.tidy(() => {
      const unit = toUnitRange(context.x, context.bounds);
      const mean = unit.mean([1, 2], true);
      return fromUnitRange(unit.sub(mean).mul(factor).add(mean), context.bounds);
    });
  },
});
