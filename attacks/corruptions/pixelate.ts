/**
 * Pixelate — ImageNet-C / CIFAR-10-C `pixelate`: shrink the image to ⌊c·size⌋ pixels per side
 * with Pillow's BOX filter (area average) and enlarge it back with the same filter (which copies
 * the nearest pixel), so detail is lost in blocks.
 *
 * Hendrycks & Dietterich 2019, "Benchmarking Neural Network Robustness to Common Corruptions and
 * Perturbations", https://arxiv.org/abs/1903.12261; severity tables from the reference code
 * hendrycks/robustness `ImageNet-C/create_c/make_cifar_c.py` and `make_imagenet_c.py`.
 *
 * | severity                      | 1   | 2   | 3   | 4   | 5   |
 * | ----------------------------- | --- | --- | --- | --- | --- |
 * | c, preset cifar-10-c (default) | .95 | .90 | .85 | .75 | .65 |
 * | c, preset imagenet-c          | .60 | .50 | .40 | .30 | .25 |
 *
 * On a 28×28 image the CIFAR-10-C table shrinks to 26, 25, 23, 21 and 18 pixels. Values are not
 * rounded to 8 bits between the two resizes (Pillow's are). Resizing is linear, so it runs in
 * input units directly.
 */
import type * as tf from '@tensorflow/tfjs';
import { resizeBox } from '../core/box-resize.js';
import { defineAttack } from '../core/define-attack.js';
import { imageSize } from '../core/image.js';
import { atPresetSeverity, presetParam, type Preset, type SeverityTable } from '../core/severity.js';

/** Fraction of the side length kept per severity. */
export const pixelateTable: Record<Preset, SeverityTable<number>> = {
  'cifar-10-c': [0.95, 0.9, 0.85, 0.75, 0.65],
  'imagenet-c': [0.6, 0.5, 0.4, 0.3, 0.25],
};

export const pixelate = defineAttack({
  type: 'pixelate',
  kind: 'corruption',
  summary: 'Pixelate: BOX-resize to c·size and back (c = .95–.65 on CIFAR-10-C, .6–.25 on ImageNet-C)',
  reference: 'Hendrycks & Dietterich 2019, https://arxiv.org/abs/1903.12261',
  norms: [],
  budget: 'severities',
  params: { preset: presetParam },
  propose(context) {
    const { height, width } = imageSize(context.x, 'pixelate');
    const factor = atPresetSeverity(pixelateTable, context.params.preset, context.budget, 'pixelate');
    const images = context.x as tf.Tensor4D;
    const small = resizeBox(images, Math.max(1, Math.floor(height * factor)), Math.max(1, Math.floor(width * factor)));
    const restored = resizeBox(small, height, width);
    small.dispose();
    return restored;
  },
});
