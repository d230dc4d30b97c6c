import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../../src/model/classifier.js';

/** Dense layer weights: `weights[i][j]` maps input i to output j. */
export interface DenseWeights {
  weights: number[][];
  bias: number[];
}

/**
 * A classifier built directly from fixed dense layers (ReLU between them, logits out), for tests
 * with hand-computable answers. Input shape `[inputSize]`.
 */
export function denseClassifier(layers: DenseWeights[], inputRange: [number, number] = [0, 1]): Classifier & { disposeCount(): number } {
  const tensors = layers.map((layer) => ({ w: tf.tensor2d(layer.weights), b: tf.tensor1d(layer.bias) }));
  const inputSize = layers[0]!.weights.length;
  const numClasses = layers.at(-1)!.bias.length;
  let disposed = 0;
  const forward = (x: tf.Tensor) => tf.tidy(() => {
    let h = x.reshape([x.shape[0]!, inputSize]) as tf.Tensor2D;
    tensors.forEach((layer, index) => {
      h = h.matMul(layer.w).add(layer.b);
      if (index < tensors.length - 1) h = h.relu();
    });
    return h;
  });
  return {
    inputShape: [inputSize], numClasses, inputRange, outputKind: 'logits', format: 'layers',
    logits: forward, rawOutput: forward,
    dispose() { disposed++; for (const layer of tensors) { layer.w.dispose(); layer.b.dispose(); } },
    disposeCount: () => disposed,
  };
}

/** Deterministic pseudo-random numbers in [-1, 1) for fixture weights (no Math.random). */
export function fixtureNumbers(seed: number, count: number): number[] {
  let state = seed >>> 0 || 1;
  return Array.from({ length: count }, () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return (state / 2 ** 32) * 2 - 1;
  });
}

/** A random dense layer from {@link fixtureNumbers}. */
export function randomDense(seed: number, inputs: number, outputs: number, scale = 1): DenseWeights {
  const values = fixtureNumbers(seed, inputs * outputs + outputs);
  return {
    weights: Array.from({ length: inputs }, (_, i) => values.slice(i * outputs, (i + 1) * outputs).map((v) => v * scale)),
    bias: values.slice(inputs * outputs).map((v) => v * 0.1),
  };
}
