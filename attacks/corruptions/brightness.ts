/**
 * Brightness — ImageNet-C / CIFAR-10-C `brightness`: in HSV, V += c (clipped to [0, 1]), hue and
 * saturation kept.
 *
 * Hendrycks & Dietterich 2019, "Benchmarking Neural Network Robustness to Common Corruptions and
 * Perturbations", https://arxiv.org/abs/1903.12261; severity tables from the reference code
 * hendrycks/robustness `ImageNet-C/create_c/make_cifar_c.py` and `make_imagenet_c.py`.
 *
 * | severity                      | 1   | 2   | 3   | 4   | 5   |
 * | ----------------------------- | --- | --- | --- | --- | --- |
 * | c, preset cifar-10-c (default) | .05 | .10 | .15 | .20 | .30 |
 * | c, preset imagenet-c          | .10 | .20 | .30 | .40 | .50 |
 *
 * Computed without an HSV round trip: V = max over channels, and every channel of an HSV colour
 * is V times a factor of H and S only, so raising V to V' = min(V + c, 1) scales each channel by
 * V'/V; black pixels (V = 0, S = 0) become grey V'. For one channel this is min(x + c, 1). The
 * image is mapped from the input range to [0, 1] and back.
 */
import * as tf from '@tensorflow/tfjs';
import { defineAttack } from '../core/define-attack.js';
import { fromUnitRange, imageSize, toUnitRange } from '../core/image.js';
import { atPresetSeverity, presetParam, type Preset, type SeverityTable } from '../core/severity.js';

/** V shift per severity, in [0, 1] units. */
export const brightnessTable: Record<Preset, SeverityTable<number>> = {
  'cifar-10-c': [0.05, 0.1, 0.15, 0.2, 0.3],
  'imagenet-c': [0.1, 0.2, 0.3, 0.4, 0.5],
};

export const brightness = defineAttack({
  type: 'brightness',
  kind: 'corruption',
  summary: 'Brightness: HSV value + c (c = .05–.30 on CIFAR-10-C, .1–.5 on ImageNet-C)',
  reference: 'Hendrycks & Dietterich 2019, https://arxiv.org/abs/1903.12261',
  norms: [],
  budget: 'severities',
  params: { preset: presetParam },
  propose(context) {
    imageSize(context.x, 'brightness');
    const shift = atPresetSeverity(brightnessTable, context.params.preset, context.budget, 'brightness');
    return tf.tidy(() => {
      const unit = toUnitRange(context.x, context.bounds);
      const value = unit.max(3, true);
      const raised = value.add(shift).minimum(1);
      const black = value.lessEqual(0);
      const scaled = unit.mul(raised.div(tf.where(black, tf.onesLike(value), value)));
      return fromUnitRange(tf.where(black.tile([1, 1, 1, unit.shape[3]!]), raised.tile([1, 1, 1, unit.shape[3]!]), scaled), context.bounds);
    });
  },
});
