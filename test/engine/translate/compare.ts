import * as tf from '@tensorflow/tfjs';
import { buildGradientGraph, unsupportedGradientOps } from '../../../src/engine/autodiff/index.js';
import { OrtSession } from '../../../src/engine/ort/ort-session.js';
import type { ForwardGraph, Translation } from '../../../src/engine/translate/types.js';
import { mulberry32 } from '../../helpers/mulberry32.js';

/**
 * The translated graph, failing the test with the unsupported ops when there is none, or when it
 * uses an ONNX op the gradient builder (stage 2) has no rule for.
 */
export function expectForward(translation: Translation): ForwardGraph {
  if (!translation.ok) throw new Error(`translation failed; unsupported: ${translation.unsupported.join(', ')}`);
  const withoutGradient = unsupportedGradientOps(translation.forward.graph);
  if (withoutGradient.length > 0) throw new Error(`translated graph uses ONNX ops without gradient rules: ${withoutGradient.join(', ')}`);
  return translation.forward;
}

/**
 * Builds the stage-2 gradient graph of a translated forward graph, which also refuses op forms
 * (not just op types) it has no rule for; returns its node count.
 */
export function gradientGraphSize(forward: ForwardGraph): number {
  return buildGradientGraph(forward.graph, { loss: 'cotangent', targeted: false, outputKind: 'logits' }).nodes.length;
}

/** `count` samples of `sampleShape` drawn uniformly from `[low, high]` with a fixed seed. */
export function randomBatch(sampleShape: readonly number[], count: number, seed: number, low = 0, high = 1): { data: Float32Array; dims: number[] } {
  const random = mulberry32(seed);
  const dims = [count, ...sampleShape];
  const size = dims.reduce((a, b) => a * b, 1);
  return { data: Float32Array.from({ length: size }, () => low + (high - low) * random()), dims };
}

/** Runs the forward graph in ONNX Runtime on one batch. */
export function runForward(forward: ForwardGraph, batch: { data: Float32Array; dims: number[] }): { data: Float32Array; dims: number[] } {
  const session = new OrtSession(forward.graph, { threads: 1 });
  try {
    const out = session.run({ [forward.inputName]: batch })[forward.outputName]!;
    return { data: Float32Array.from(out.data as Float32Array), dims: [...out.dims] };
  } finally {
    session.dispose();
  }
}

/** Runs a tfjs forward function on the same batch (the reference), freeing every tensor. */
export function runTfjs(forward: (x: tf.Tensor) => tf.Tensor, batch: { data: Float32Array; dims: number[] }): { data: Float32Array; dims: number[] } {
  return tf.tidy(() => {
    const out = forward(tf.tensor(batch.data, batch.dims));
    return { data: Float32Array.from(out.dataSync() as Float32Array), dims: [...out.shape] };
  });
}

/** Largest absolute difference, relative to the reference's largest magnitude. */
export function relativeDifference(reference: Float32Array, actual: Float32Array): number {
  if (reference.length !== actual.length) return Infinity;
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < reference.length; i++) {
    scale = Math.max(scale, Math.abs(reference[i]!));
    const difference = Math.abs(reference[i]! - actual[i]!);
    worst = Number.isNaN(difference) ? Infinity : Math.max(worst, difference);
  }
  return worst / Math.max(scale, 1e-12);
}
