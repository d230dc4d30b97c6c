import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../src/model/classifier.js';

/** The bench's 784-256-256-10 ReLU MLP with seeded Glorot weights (logits out). */
export function buildMlp(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
  for (const [units, seed] of [[256, 1], [256, 2]] as const) {
    model.add(tf.layers.dense({ units, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  }
  model.add(tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  return model;
}

/** Wraps a LayersModel with logits output as a {@link Classifier} over [0, 1] inputs. */
export function mlpClassifier(model: tf.LayersModel): Classifier {
  const forward = (x: tf.Tensor) => model.apply(x, { training: false }) as tf.Tensor2D;
  return {
    inputShape: [28, 28, 1], numClasses: 10, inputRange: [0, 1], outputKind: 'logits', format: 'layers',
    logits: forward, rawOutput: forward, dispose: () => model.dispose(),
  };
}
