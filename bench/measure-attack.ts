import * as tf from '@tensorflow/tfjs';
import { logitsAndGradient } from '../attacks/core/loss.js';
import type { Classifier } from '../src/model/classifier.js';
import { normalizeGradient, project } from '../src/tensor/norms.js';
import { uniformDraws } from '../src/tensor/random.js';

/** One throughput measurement. */
export interface Measurement {
  /** Who computed logits and gradients: `onnxruntime` or `tfjs`. */
  engine: string;
  /** tfjs backend (for ONNX Runtime: the one holding the attack's own tensors). */
  backend: string;
  /** ONNX Runtime intra-op threads, when ONNX Runtime computed. */
  threads?: number;
  model: string;
  attack: 'fgsm' | 'pgd';
  batch: number;
  /** Samples × gradient steps per second of wall time. */
  sampleStepsPerSecond: number;
  /** Achieved GFLOP/s: forward + input-gradient FLOPs (2 × forward per step) per second. */
  gflops: number;
  tensorsBefore: number;
  tensorsAfter: number;
  /** Peak resident set size of the process so far, bytes. */
  peakRssBytes: number;
  repetitions: number;
}

const pgdSteps = 10;
const epsilon = 0.03;

/**
 * Times the attack's inner loop on one batch — the same ops the attacks run (loss gradient,
 * normalised step, projection; FGSM adds the verification forward pass) — without early stopping,
 * so every repetition does the full work. Repeats for about `budgetMs` after one warm-up run.
 */
export function measureAttack(input: {
  engine: string; backend: string; threads?: number; model: string; classifier: Classifier; forwardFlops: number;
  attack: 'fgsm' | 'pgd'; batch: number; budgetMs: number;
  /** PGD steps per repetition (default 10); fewer keeps the slow pure-JS backend's bench short. */
  pgdSteps?: number;
}): Measurement {
  const { classifier, batch } = input;
  const length = classifier.inputShape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(uniformDraws(`bench/${input.model}/${batch}`, batch * length), [batch, ...classifier.inputShape]);
  const labels = tf.tidy(() => classifier.logits(x).argMax(1).cast('int32') as tf.Tensor1D);
  const forward = (t: tf.Tensor) => classifier.logits(t);
  const steps = input.attack === 'fgsm' ? 1 : input.pgdSteps ?? pgdSteps;
  const once = () => {
    let current = x.clone();
    for (let step = 0; step < steps; step++) {
      const next = tf.tidy(() => {
        const { logits, gradient } = logitsAndGradient(classifier, current, labels, 'ce');
        logits.dispose();
        const stepSize = input.attack === 'fgsm' ? epsilon : (2.5 * epsilon) / steps;
        return project(x, current.add(normalizeGradient(gradient, 'linf').mul(stepSize)), epsilon, 'linf', classifier.inputRange);
      });
      current.dispose();
      current = next;
    }
    // Reading the result back forces the work to finish (and FGSM verifies with a forward pass).
    tf.tidy(() => (input.attack === 'fgsm' ? forward(current).argMax(1) : current.sum()).dataSync());
    current.dispose();
  };
  once();
  const tensorsBefore = tf.memory().numTensors;
  const started = performance.now();
  let repetitions = 0;
  while (repetitions === 0 || performance.now() - started < input.budgetMs) {
    once();
    repetitions++;
  }
  const seconds = (performance.now() - started) / 1000;
  const tensorsAfter = tf.memory().numTensors;
  x.dispose();
  labels.dispose();
  const sampleSteps = batch * steps * repetitions;
  const flops = sampleSteps * 2 * input.forwardFlops + (input.attack === 'fgsm' ? batch * repetitions * input.forwardFlops : 0);
  return {
    engine: input.engine, backend: input.backend, ...(input.threads ? { threads: input.threads } : {}), model: input.model, attack: input.attack, batch,
    sampleStepsPerSecond: sampleSteps / seconds, gflops: flops / seconds / 1e9,
    tensorsBefore, tensorsAfter, peakRssBytes: process.resourceUsage().maxRSS * 1024, repetitions,
  };
}
