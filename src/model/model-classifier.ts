import * as tf from '@tensorflow/tfjs';
import { checkBatchShape, type Classifier, type OutputKind } from './classifier.js';
import type { Network } from './network.js';
import type { ModelFormat } from './model-format.js';
import { outputToLogits } from './output-kind.js';
import type { Preprocessor } from './preprocess.js';

/** Everything {@link ModelClassifier} wraps, decided and checked by `loadClassifier`. */
export interface ModelClassifierParts {
  network: Network;
  preprocessor?: Preprocessor;
  outputKind: OutputKind;
  numClasses: number;
  inputRange: [number, number];
  classNames?: string[];
  displayPath: string;
}

/**
 * A {@link Classifier} over a loaded tfjs model: checks the batch shape, casts to float32,
 * normalises inside the differentiable function, runs the model and converts its output to
 * logits. Every method runs in its own `tf.tidy`, so only the returned tensor outlives a call.
 */
export class ModelClassifier implements Classifier {
  readonly inputShape: number[];
  readonly numClasses: number;
  readonly inputRange: [number, number];
  readonly outputKind: OutputKind;
  readonly format: ModelFormat;
  readonly classNames?: string[];

  constructor(private readonly parts: ModelClassifierParts) {
    this.inputShape = [...parts.network.inputShape];
    this.numClasses = parts.numClasses;
    this.inputRange = parts.inputRange;
    this.outputKind = parts.outputKind;
    this.format = parts.network.format;
    if (parts.classNames !== undefined) this.classNames = [...parts.classNames];
  }

  logits(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => outputToLogits(this.forward(x), this.outputKind));
  }

  rawOutput(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => this.forward(x));
  }

  dispose(): void {
    this.parts.network.dispose();
  }

  private forward(x: tf.Tensor): tf.Tensor2D {
    checkBatchShape(x, this.inputShape, this.parts.displayPath);
    const input = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
    const normalised = this.parts.preprocessor ? this.parts.preprocessor.apply(input) : input;
    return this.parts.network.forward(normalised) as tf.Tensor2D;
  }
}
