import * as tf from '@tensorflow/tfjs';

/**
 * Adam (Kingma & Ba 2015, https://arxiv.org/abs/1412.6980) on one variable tensor, elementwise, so
 * every sample of a batch is optimised independently of the others. Defaults β₁ = 0.9,
 * β₂ = 0.999, ε̂ = 1e-8 (the paper's and Foolbox's).
 */
export class Adam {
  private m: tf.Tensor;
  private v: tf.Tensor;
  private t = 0;

  constructor(like: tf.Tensor, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly epsilon = 1e-8) {
    this.m = tf.zerosLike(like);
    this.v = tf.zerosLike(like);
  }

  /** The step to *subtract* from the variable for `gradient` at learning rate `rate`. */
  step(gradient: tf.Tensor, rate: number): tf.Tensor {
    this.t++;
    const [m, v] = tf.tidy(() => [
      this.m.mul(this.beta1).add(gradient.mul(1 - this.beta1)),
      this.v.mul(this.beta2).add(gradient.square().mul(1 - this.beta2)),
    ]);
    tf.dispose([this.m, this.v]);
    this.m = m!;
    this.v = v!;
    const correction1 = 1 - this.beta1 ** this.t;
    const correction2 = 1 - this.beta2 ** this.t;
    return tf.tidy(() => this.m.div(correction1).div(this.v.div(correction2).sqrt().add(this.epsilon)).mul(rate));
  }

  dispose(): void {
    tf.dispose([this.m, this.v]);
  }
}
