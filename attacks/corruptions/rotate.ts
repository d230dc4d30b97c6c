/**
 * Rotate — MNIST-C `rotate`: the image turns about its centre by θ radians, clockwise or
 * counter-clockwise (a seeded coin per sample and draw), with bilinear interpolation; corners
 * that come from outside the image read the low end of the input range (black), as scikit-image's
 * `warp` (mode 'constant', cval 0) does in the reference.
 *
 * Mu & Gilmer 2019, "MNIST-C: A Robustness Benchmark for Computer Vision",
 * https://arxiv.org/abs/1906.02337, reference code google-research/mnist-c `corruptions.py`
 * (ImageNet-C itself has no rotation; MNIST-C extends its corruptions to 28×28 digits, and
 * publishes its benchmark at severity 2):
 *
 * | severity | 1           | 2           | 3           | 4           | 5           |
 * | -------- | ----------- | ----------- | ----------- | ----------- | ----------- |
 * | θ (rad)  | 0.2 (11.5°) | 0.4 (22.9°) | 0.6 (34.4°) | 0.8 (45.8°) | 1.0 (57.3°) |
 *
 * `repeats` draws the direction again (worst case); a sample keeps its direction across
 * severities, so severities are comparable.
 */
import * as tf from '@tensorflow/tfjs';
import { pixelGrid, sampleBilinear } from '../core/bilinear-sample.js';
import { defineAttack } from '../core/define-attack.js';
import { imageSize, sampleDraws } from '../core/image.js';
import { keepFirstSuccess, repeatsParam } from '../core/repeats.js';
import { atSeverity, type SeverityTable } from '../core/severity.js';

/** Rotation angle in radians per severity. */
export const rotateTable: SeverityTable<number> = [0.2, 0.4, 0.6, 0.8, 1];

export const rotate = defineAttack({
  type: 'rotate',
  kind: 'corruption',
  summary: 'Rotation by ±0.2–1.0 rad (11°–57°) about the centre (MNIST-C; seeded direction, bilinear, black fill)',
  reference: 'Mu & Gilmer 2019, MNIST-C, https://arxiv.org/abs/1906.02337',
  norms: [],
  budget: 'severities',
  params: { repeats: repeatsParam },
  propose(context) {
    const { n, height, width } = imageSize(context.x, 'rotate');
    const angle = atSeverity(rotateTable, context.budget, 'rotate');
    return keepFirstSuccess(context, context.params.repeats, (repeat) => tf.tidy(() => {
      const sign = sampleDraws(context, `direction/${repeat}`, 1).less(0.5).cast('float32').mul(2).sub(1).reshape([n, 1, 1]);
      const cos = Math.cos(angle);
      const sin = sign.mul(Math.sin(angle));
      const grid = pixelGrid(height, width);
      const y = grid.rows.sub((height - 1) / 2).expandDims(0);
      const x = grid.cols.sub((width - 1) / 2).expandDims(0);
      // Backward map: each output pixel reads the source pixel rotated by θ about the centre.
      const cols = x.mul(cos).sub(sin.mul(y)).add((width - 1) / 2) as tf.Tensor3D;
      const rows = x.mul(sin).add(y.mul(cos)).add((height - 1) / 2) as tf.Tensor3D;
      return sampleBilinear(context.x as tf.Tensor4D, rows, cols, { mode: 'constant', fill: context.bounds[0] });
    }));
  },
});
