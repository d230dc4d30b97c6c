import * as tf from '@tensorflow/tfjs';
import { distance } from '../../src/tensor/norms.js';
import { perSample } from '../../src/tensor/rows.js';
import type { AttackContext } from '../types.js';
import { noiseRadius } from './noise-radius.js';
import { keepFirstSuccess } from './repeats.js';

/**
 * The shared body of the additive-noise perturbations: for each of `repeats` draws, x + noise of
 * size ε (less the rounding margin of {@link noiseRadius}) in the context's norm, keeping the first
 * draw that breaks each sample (`repeats`: the attack's `repeats` parameter). `draw(repeat)` gives the raw noise; when `rescale` is false it is
 * taken as already unit-sized per coordinate (uniform noise in the L∞ cube) and only scaled by ε.
 */
export function proposeAdditiveNoise(context: AttackContext, repeats: number, draw: (repeat: number) => tf.Tensor, rescale: boolean): tf.Tensor {
  const { x, norm } = context;
  const radius = noiseRadius(context.budget, norm, x.size / x.shape[0]!, context.bounds);
  return keepFirstSuccess(context, repeats, (repeat) => tf.tidy(() => {
    const noise = draw(repeat);
    if (!rescale) return x.add(noise.mul(radius));
    const size = distance(noise, norm).maximum(1e-12);
    return x.add(noise.div(perSample(size, noise)).mul(radius));
  }));
}
