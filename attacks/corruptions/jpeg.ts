/**
 * JPEG compression — ImageNet-C / CIFAR-10-C `jpeg_compression`: a real JPEG encode/decode round
 * trip of every image at the severity's quality (baseline JPEG with `jpeg-js`, 4:4:4, where the
 * references use Pillow with 4:2:0 chroma, so artefacts match in kind, not bit for bit).
 *
 * Hendrycks & Dietterich 2019, "Benchmarking Neural Network Robustness to Common Corruptions and
 * Perturbations", https://arxiv.org/abs/1903.12261; severity tables from the reference code
 * hendrycks/robustness `ImageNet-C/create_c/make_cifar_c.py` and `make_imagenet_c.py`.
 *
 * | severity                            | 1  | 2  | 3  | 4  | 5  |
 * | ----------------------------------- | -- | -- | -- | -- | -- |
 * | quality, preset cifar-10-c (default) | 80 | 65 | 58 | 50 | 40 |
 * | quality, preset imagenet-c          | 25 | 18 | 15 | 10 | 7  |
 *
 * Images are mapped from the input range to 8-bit [0, 255] (rounded), encoded and decoded, and
 * mapped back, so even quality 100 quantises to 256 levels. Grayscale images are encoded as RGB
 * with R = G = B: the JPEG luma is then exactly the gray value and the chroma is flat, and the
 * red channel of the decoded image is taken back. Only 1- and 3-channel images are supported.
 * A batch is encoded as one mosaic of whole 8×8 blocks (see `core/jpeg-mosaic.ts`): each image
 * decodes exactly as if encoded alone, at a fraction of jpeg-js' per-call setup cost.
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../../src/errors.js';
import { defineAttack } from '../core/define-attack.js';
import { fromUnitRange, imageSize, toUnitRange } from '../core/image.js';
import { jpegRoundTripImages } from '../core/jpeg-mosaic.js';
import { atPresetSeverity, presetParam, type Preset, type SeverityTable } from '../core/severity.js';
import { tidyValues } from '../../src/tensor/tidy-values.js';

/** JPEG quality (1–100) per severity. */
export const jpegTable: Record<Preset, SeverityTable<number>> = {
  'cifar-10-c': [80, 65, 58, 50, 40],
  'imagenet-c': [25, 18, 15, 10, 7],
};

export const jpegCompression = defineAttack({
  type: 'jpeg',
  kind: 'corruption',
  summary: 'JPEG encode/decode round trip (quality 80–40 on CIFAR-10-C, 25–7 on ImageNet-C)',
  reference: 'Hendrycks & Dietterich 2019, https://arxiv.org/abs/1903.12261',
  norms: [],
  budget: 'severities',
  params: { preset: presetParam },
  propose(context) {
    const { n, height, width, channels } = imageSize(context.x, 'jpeg');
    if (channels !== 1 && channels !== 3) {
      throw new InputError('JPEG_CHANNELS', `jpeg needs grayscale (1 channel) or RGB (3 channel) images; this model's images have ${channels} channels. Remove the jpeg perturbation from the suite.`);
    }
    const quality = atPresetSeverity(jpegTable, context.params.preset, context.budget, 'jpeg');
    const unit = tidyValues(() => toUnitRange(context.x, context.bounds).dataSync() as Float32Array);
    const decoded = jpegRoundTripImages(unit, n, height, width, channels, quality);
    return tf.tidy(() => fromUnitRange(tf.tensor(decoded, context.x.shape), context.bounds));
  },
});
