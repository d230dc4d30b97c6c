import * as tf from '@tensorflow/tfjs';
import { checkBatchShape, type Classifier, type GradientLoss, type OutputKind } from '../model/classifier.js';
import type { ModelFormat } from '../model/model-format.js';
import { EngineGraphs } from './engine-graphs.js';
import type { OnnxGraph } from './onnx/ir.js';
import { rowsPerRun, runInRows } from './ort/row-runs.js';
import { elementCount } from '../model/model-limits.js';

/** Everything an {@link OrtClassifier} wraps. */
export interface OrtClassifierParts {
  graphs: EngineGraphs;
  inputShape: number[];
  numClasses: number;
  inputRange: [number, number];
  outputKind: OutputKind;
  format: ModelFormat;
  classNames?: string[];
  displayPath: string;
}

/**
 * What another thread needs to run the same classifier: the prepared forward graph (plain data,
 * structured-cloneable) and the model's description. Rebuilding from it skips loading the model
 * files, translating them and the agreement probe, which the main thread already did.
 */
export type OrtHandoff = Omit<OrtClassifierParts, 'graphs'> & { forward: OnnxGraph };

/** One-hot float32 rows `[n, classes]` of int class indices. */
function oneHot(indices: ArrayLike<number>, classes: number): Float32Array {
  const rows = new Float32Array(indices.length * classes);
  for (let row = 0; row < indices.length; row++) rows[row * classes + indices[row]!] = 1;
  return rows;
}

/**
 * A {@link Classifier} whose logits and input gradients come from ONNX Runtime. `logits` is a
 * tfjs custom-gradient op: its forward pass runs the logits graph, its gradient runs the
 * vector–Jacobian graph, so every attack that differentiates through `tf.grad` works unchanged;
 * `lossGradient` is the fast path for the attack losses (logits, loss and ∂Σloss/∂x in one run).
 * Inputs and outputs cross as float32 arrays; the tfjs backend only holds the attack's own
 * tensors.
 */
export class OrtClassifier implements Classifier {
  readonly inputShape: number[];
  readonly numClasses: number;
  readonly inputRange: [number, number];
  readonly outputKind: OutputKind;
  readonly format: ModelFormat;
  readonly classNames?: string[];
  /** Samples per ONNX Runtime run: large inputs run in parts to bound the arena (see row-runs.ts). */
  private readonly rowLimit: number;

  constructor(private readonly parts: OrtClassifierParts) {
    this.inputShape = [...parts.inputShape];
    this.numClasses = parts.numClasses;
    this.inputRange = parts.inputRange;
    this.outputKind = parts.outputKind;
    this.format = parts.format;
    if (parts.classNames !== undefined) this.classNames = [...parts.classNames];
    this.rowLimit = rowsPerRun(elementCount(parts.inputShape));
  }

  logits(x: tf.Tensor): tf.Tensor2D {
    this.checkShape(x);
    const op = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
      save([input]);
      const value = this.run(input, 'logits');
      return {
        value,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => this.vectorJacobian(saved[0]!, dy),
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    return tf.tidy(() => op(x.dtype === 'float32' ? x : x.cast('float32')) as tf.Tensor2D);
  }

  rawOutput(x: tf.Tensor): tf.Tensor2D {
    this.checkShape(x);
    return this.run(x, 'raw');
  }

  lossGradient(x: tf.Tensor, labels: tf.Tensor1D, loss: GradientLoss, targets?: tf.Tensor1D): { logits: tf.Tensor2D; gradient: tf.Tensor } {
    this.checkShape(x);
    const n = x.shape[0]!;
    const feeds = {
      x: { data: this.floats(x), rowShape: this.inputShape },
      labels: { data: oneHot(labels.dataSync(), this.numClasses), rowShape: [this.numClasses] },
      ...(targets ? { targets: { data: oneHot(targets.dataSync(), this.numClasses), rowShape: [this.numClasses] } } : {}),
    };
    const out = runInRows(this.parts.graphs.gradient({ loss, targeted: targets !== undefined }), n, this.rowLimit, feeds, ['logits', 'gradient']);
    return {
      logits: tf.tensor2d(out.logits!.data, [n, this.numClasses]),
      gradient: tf.tensor(out.gradient!.data, x.shape),
    };
  }

  /** This classifier for another thread (see {@link OrtHandoff}). */
  handoff(): OrtHandoff {
    const { graphs, ...model } = this.parts;
    return { ...model, forward: graphs.forward };
  }

  /** Rebuilds a classifier from {@link handoff} with its own sessions of `threads` intra-op threads (built on first use). */
  static fromHandoff(handoff: OrtHandoff, threads: number): OrtClassifier {
    const { forward, ...model } = handoff;
    return new OrtClassifier({ ...model, graphs: new EngineGraphs(forward, model.outputKind, threads) });
  }

  /** The forward graph ONNX Runtime runs (preprocessing included), e.g. for FLOP counting. */
  forwardGraph(): OnnxGraph {
    return this.parts.graphs.forward;
  }

  dispose(): void {
    this.parts.graphs.dispose();
  }

  /** Runs the logits graph and returns one of its outputs as a tensor (only that one is created). */
  private run(x: tf.Tensor, output: 'logits' | 'raw'): tf.Tensor2D {
    const n = x.shape[0]!;
    const out = runInRows(this.parts.graphs.logits(), n, this.rowLimit, { x: { data: this.floats(x), rowShape: this.inputShape } }, [output])[output]!;
    return tf.tensor2d(out.data, [n, out.rowShape[0] ?? this.numClasses]);
  }

  /** ∂(Σ dy·logits)/∂x: the gradient tfjs asks of the custom op. */
  private vectorJacobian(x: tf.Tensor, dy: tf.Tensor): tf.Tensor {
    const n = x.shape[0]!;
    const out = runInRows(this.parts.graphs.gradient({ loss: 'cotangent', targeted: false }), n, this.rowLimit, {
      x: { data: this.floats(x), rowShape: this.inputShape },
      cotangent: { data: this.floats(dy), rowShape: [this.numClasses] },
    }, ['gradient']);
    return tf.tensor(out.gradient!.data, x.shape);
  }

  private floats(x: tf.Tensor): Float32Array {
    if (x.dtype === 'float32') return x.dataSync() as Float32Array;
    return Float32Array.from(x.dataSync());
  }

  private checkShape(x: tf.Tensor): void {
    checkBatchShape(x, this.inputShape, this.parts.displayPath);
  }
}
