/**
 * Translate — MNIST-C `translate`: the image shifts by c pixels horizontally AND vertically, each
 * direction a seeded coin per sample and draw (so the shift is (±c, ±c)); pixels that come from
 * outside the image read the low end of the input range (black), as scikit-image's `warp`
 * (mode 'constant', cval 0) does in the reference.
 *
 * Mu & Gilmer 2019, "MNIST-C: A Robustness Benchmark for Computer Vision",
 * https://arxiv.org/abs/1906.02337, reference code google-research/mnist-c `corruptions.py`
 * (ImageNet-C itself has no translation; MNIST-C extends its corruptions to 28×28 digits, and
 * publishes its benchmark at severity 3):
 *
 * | severity                      | 1 | 2 | 3 | 4 | 5 |
 * | ----------------------------- | - | - | - | - | - |
 * | c (pixels per axis, 28 px)    | 1 | 2 | 3 | 4 | 5 |
 *
 * The table is for 28-pixel images: other sizes shift by c·width/28 and c·height/28 pixels
 * (sub-pixel shifts interpolate bilinearly; whole-pixel shifts move pixels exactly).
 * `repeats` draws the directions again (worst case); a sample keeps its directions across
 * severities, so severities are comparable.
 */
import * as tf from '@tensorflow/tfjs';
import { pixelGrid, sampleBilinear } from '../core/bilinear-sample.js';
import { defineAttack } from '../core/define-attack.js';
import { imageSize, sampleDraws } from '../core/image.js';
import { keepFirstSuccess, repeatsParam } from '../core/repeats.js';
import { atSeverity, type SeverityTable } from '../core/severity.js';

/** Shift per axis in pixels of a 28-pixel image, per severity. */
export const translateTable: SeverityTable<number> = [1, 2, 3, 4, 5];

export const translate = defineAttack({
  type: 'translate',
  kind: 'corruption',
  summary: 'Translation by (±c, ±c) pixels, c = 1–5 on 28 px images (MNIST-C; seeded directions, black fill)',
  reference: 'Mu & Gilmer 2019, MNIST-C, https://arxiv.org/abs/1906.02337',
  norms: [],
  budget: 'severities',
  params: { repeats: repeatsParam },
  propose(context) {
    const { n, height, width } = imageSize(context.x, 'translate');
    const shift = atSeverity(translateTable, context.budget, 'translate');
    return keepFirstSuccess(context, context.params.repeats, (repeat) => tf.tidy(() => {
      const signs = sampleDraws(context, `direction/${repeat}`, 2).less(0.5).cast('float32').mul(2).sub(1);
      const grid = pixelGrid(height, width);
      // Backward map: output pixel p reads source pixel p + (dx, dy).
      const cols = grid.cols.expandDims(0).add(signs.slice([0, 0], [n, 1]).reshape([n, 1, 1]).mul((shift * width) / 28)) as tf.Tensor3D;
      const rows = grid.rows.expandDims(0).add(signs.slice([0, 1], [n, 1]).reshape([n, 1, 1]).mul((shift * height) / 28)) as tf.Tensor3D;
      return sampleBilinear(context.x as tf.Tensor4D, rows, cols, { mode: 'constant', fill: context.bounds[0] });
    }));
  },
});
