import type { DenseWeights } from '../../helpers/classifiers.js';

/**
 * A one-hidden-layer ReLU MLP in float64 with hand-derived input gradients — no tfjs, no autodiff:
 *   z1 = xW1 + b1, h = relu(z1), z = hW2 + b2;  ∂z_k/∂x = W1 (W2[:, k] ⊙ 1[z1 > 0])
 *   ∂CE/∂x = W1 ((W2 (softmax(z) − onehot(y))) ⊙ 1[z1 > 0])
 */
export class ReferenceMlp {
  constructor(private readonly first: DenseWeights, private readonly second: DenseWeights) {}

  /** Hidden pre-activations and logits. */
  forward(x: number[]): { z1: number[]; logits: number[] } {
    const z1 = this.first.bias.map((b, j) => b + x.reduce((sum, xi, i) => sum + xi * this.first.weights[i]![j]!, 0));
    const logits = this.second.bias.map((b, k) => b + z1.reduce((sum, z, j) => sum + Math.max(0, z) * this.second.weights[j]![k]!, 0));
    return { z1, logits };
  }

  predict(x: number[]): number {
    const { logits } = this.forward(x);
    return logits.indexOf(Math.max(...logits));
  }

  /** ∂(Σ_k c_k z_k)/∂x for coefficients `c` over the logits. */
  logitGradient(x: number[], c: number[]): number[] {
    const { z1 } = this.forward(x);
    const hidden = z1.map((z, j) => (z > 0 ? c.reduce((sum, ck, k) => sum + ck * this.second.weights[j]![k]!, 0) : 0));
    return x.map((_, i) => hidden.reduce((sum, d, j) => sum + d * this.first.weights[i]![j]!, 0));
  }

  /** ∂CE(y)/∂x. */
  crossEntropyGradient(x: number[], label: number): number[] {
    const { logits } = this.forward(x);
    const top = Math.max(...logits);
    const exps = logits.map((z) => Math.exp(z - top));
    const total = exps.reduce((a, b) => a + b, 0);
    return this.logitGradient(x, exps.map((e, k) => e / total - (k === label ? 1 : 0)));
  }
}
