/**
 * Elastic transform (after Simard et al. 2003): every pixel moves along a smooth random
 * displacement field — uniform noise per pixel, Gaussian-smoothed (σ pixels, cut at 3σ, mirrored
 * edges) and scaled by α — optionally composed with a random affine warp (three control points
 * moved by up to ±a pixels); the image is resampled bilinearly with mirrored edges.
 *
 * Presets (`preset`):
 * - `imagecorruptions` (default): Michaelis et al. 2019, "Benchmarking Robustness in Object
 *   Detection", https://arxiv.org/abs/1907.07484, reference code bethgelab/imagecorruptions
 *   `corruptions.py` — ImageNet-C's elastic transform made size-independent: no affine part,
 *   noise in ±0.005·h, σ = 0.01·(h, w) pixels, α growing with severity. On small images
 *   (28 px: σ = 0.28 px) the field is barely smoothed, so it scatters pixels by up to a few
 *   pixels rather than bending strokes (see docs/corruptions/elastic.png).
 * - `cifar-10-c`, `imagenet-c`: Hendrycks & Dietterich 2019, "Benchmarking Neural Network
 *   Robustness to Common Corruptions and Perturbations", https://arxiv.org/abs/1903.12261, reference
 *   code hendrycks/robustness `ImageNet-C/create_c/make_cifar_c.py`, `make_imagenet_c.py`; noise
 *   in ±1, values in units of the image side S (CIFAR-10-C: S = 32; ImageNet-C: 244 for 224 px).
 *   Their severities are not ordered by strength: the first ones are mostly (CIFAR-10-C: only) a
 *   large affine warp, later ones trade it for the elastic field. On the demo model (first 200
 *   test images, clean 92 %) CIFAR-10-C's table costs 14 points at severity 1 but 13 at severity
 *   5, ImageNet-C's 74 at severity 2 but 34 at severity 3. They are kept for comparison with
 *   published numbers; the default is ordered.
 *
 * | severity                          | 1            | 2             | 3              | 4             | 5             |
 * | --------------------------------- | ------------ | ------------- | -------------- | ------------- | ------------- |
 * | α, imagecorruptions (default)     | 12.5         | 16.25         | 21.25          | 25            | 30            |
 * | (α, σ, a)/S, cifar-10-c           | (0, 0, .08)  | (.05, .2, .07)| (.08, .06, .06)| (.1, .04, .05)| (.1, .03, .03)|
 * | (α, σ, a)/S, imagenet-c (S=h·244/224) | (2, .7, .1) | (2, .08, .2) | (.05, .01, .02)| (.07, .01, .02)| (.12, .01, .02)|
 *
 * S and the affine control points use the shorter side of the model's images. The references warp
 * twice (cv2.warpAffine, then map_coordinates); we resample once at the composed map
 * x_src = A(x + d(x)), which avoids a second interpolation blur. `repeats` draws new fields (worst
 * case); a sample keeps its draws across severities.
 */
import * as tf from '@tensorflow/tfjs';
import { affineThrough } from '../core/affine.js';
import { pixelGrid, sampleBilinear } from '../core/bilinear-sample.js';
import { defineAttack } from '../core/define-attack.js';
import { blurImages } from '../core/gaussian-kernel.js';
import { fieldDraws, imageSize, sampleDraws } from '../core/image.js';
import { keepFirstSuccess, repeatsParam } from '../core/repeats.js';
import { atSeverity, type SeverityTable } from '../core/severity.js';
import type { AttackContext } from '../types.js';

export const elasticPresets = ['imagecorruptions', 'cifar-10-c', 'imagenet-c'] as const;
type ElasticPreset = (typeof elasticPresets)[number];

/** Per severity: α (imagecorruptions) or (α, σ, affine jitter) as fractions of the side S. */
export const elasticTable = {
  imagecorruptions: [12.5, 16.25, 21.25, 25, 30] as SeverityTable<number>,
  'cifar-10-c': [[0, 0, 0.08], [0.05, 0.2, 0.07], [0.08, 0.06, 0.06], [0.1, 0.04, 0.05], [0.1, 0.03, 0.03]] as SeverityTable<readonly number[]>,
  'imagenet-c': [[2, 0.7, 0.1], [2, 0.08, 0.2], [0.05, 0.01, 0.02], [0.07, 0.01, 0.02], [0.12, 0.01, 0.02]] as SeverityTable<readonly number[]>,
};

/** Pixel-unit parameters of one severity: field noise amplitude, α, smoothing σ (y, x), affine jitter. */
interface ElasticSettings { amplitude: number; alpha: number; sigma: [number, number]; jitter: number }

function settingsFor(preset: ElasticPreset, severity: number, height: number, width: number): ElasticSettings {
  if (preset === 'imagecorruptions') {
    const alpha = atSeverity(elasticTable.imagecorruptions, severity, 'elastic');
    return { amplitude: 0.005 * height, alpha, sigma: [0.01 * height, 0.01 * width], jitter: 0 };
  }
  const side = Math.min(height, width) * (preset === 'imagenet-c' ? 244 / 224 : 1);
  const [alpha, sigma, jitter] = atSeverity(elasticTable[preset], severity, 'elastic').map((part) => part * side) as [number, number, number];
  return { amplitude: 1, alpha, sigma: [sigma, sigma], jitter };
}

/** A smooth displacement field `[n, h, w]` in pixels: blurred uniform noise times α. */
function displacement(context: AttackContext, purpose: string, settings: ElasticSettings): tf.Tensor3D {
  return tf.tidy(() => {
    const noise = fieldDraws(context, purpose).mul(2 * settings.amplitude).sub(settings.amplitude).expandDims(3) as tf.Tensor4D;
    return blurImages(noise, settings.sigma, { truncate: 3, mode: 'reflect' }).squeeze([3]).mul(settings.alpha) as tf.Tensor3D;
  });
}

export const elastic = defineAttack({
  type: 'elastic',
  kind: 'corruption',
  summary: 'Elastic transform: smoothed random displacement field (imagecorruptions; ImageNet-C / CIFAR-10-C tables as presets)',
  reference: 'Michaelis et al. 2019, https://arxiv.org/abs/1907.07484; Hendrycks & Dietterich 2019, https://arxiv.org/abs/1903.12261',
  norms: [],
  budget: 'severities',
  params: {
    preset: {
      type: 'string', enum: elasticPresets, default: 'imagecorruptions',
      description: 'severity table: imagecorruptions (size-independent, monotone) or the original cifar-10-c / imagenet-c tables (not ordered by strength)',
    },
    repeats: repeatsParam,
  },
  propose(context) {
    const { n, height, width } = imageSize(context.x, 'elastic');
    const settings = settingsFor(context.params.preset, context.budget, height, width);
    return keepFirstSuccess(context, context.params.repeats, (repeat) => tf.tidy(() => {
      const jitter = settings.jitter > 0 ? sampleDraws(context, `affine/${repeat}`, 6).mul(2).sub(1).mul(settings.jitter).dataSync() : new Float32Array(6 * n);
      const maps = Array.from({ length: n }, (_, i) => affineThrough(height, width, jitter.subarray(i * 6, i * 6 + 6)));
      const coefficient = (k: number) => tf.tensor(maps.map((m) => m[k]!), [n, 1, 1]);
      const grid = pixelGrid(height, width);
      const x = grid.cols.expandDims(0).add(displacement(context, `dx/${repeat}`, settings));
      const y = grid.rows.expandDims(0).add(displacement(context, `dy/${repeat}`, settings));
      const cols = coefficient(0).mul(x).add(coefficient(1).mul(y)).add(coefficient(2)) as tf.Tensor3D;
      const rows = coefficient(3).mul(x).add(coefficient(4).mul(y)).add(coefficient(5)) as tf.Tensor3D;
      return sampleBilinear(context.x as tf.Tensor4D, rows, cols, { mode: 'reflect' });
    }));
  },
});
