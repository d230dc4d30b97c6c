import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import type { OutputKind } from './classifier.js';

/** The activation found at a model's output, and where (for the report's reason). */
export interface OutputActivation {
  activation: 'softmax' | 'sigmoid' | 'other';
  /** e.g. `last layer "dense_2" (Dense)` or `output node "Softmax" (op Softmax)`. */
  where: string;
}

/** How the raw output is read, with the class count it implies. */
export interface OutputDecision {
  kind: OutputKind;
  /** Why this kind: declared in the suite, or what auto-detection saw. */
  reason: string;
  /** Output columns, or 2 for a single-column (binary) output. */
  numClasses: number;
}

/** Probabilities below this are clipped before the log (log(1e-12) ≈ −27.6): finite logits, finite gradients. */
export const minProbability = 1e-12;
/** A sigmoid output is clipped to [ε, 1 − ε] before the logit, so saturated outputs stay finite. */
export const sigmoidEpsilon = 1e-7;

/**
 * Decides how to read a model output with `units` columns.
 * `auto`: softmax → `probabilities`; a single sigmoid unit → `sigmoid`; anything else → `logits`.
 *
 * @throws InputError `MODEL_OUTPUT_KIND` when the declared kind cannot apply (`sigmoid` on
 *   several columns, `probabilities` or softmax on one column).
 */
export function decideOutputKind(declared: 'auto' | OutputKind, found: OutputActivation, units: number, displayPath: string): OutputDecision {
  const numClasses = units === 1 ? 2 : units;
  const refuse = (message: string): never => {
    throw new InputError('MODEL_OUTPUT_KIND', `Model "${displayPath}": ${message}`);
  };
  if (declared !== 'auto') {
    if (declared === 'sigmoid' && units !== 1) refuse(`model.output "sigmoid" needs a single output column, but the model has ${units}. Use "probabilities" or "logits".`);
    if (declared === 'probabilities' && units === 1) refuse('model.output "probabilities" needs one column per class, but the model has a single column. Use "sigmoid" or "logits".');
    return { kind: declared, reason: `declared in the suite (model.output: "${declared}")`, numClasses };
  }
  if (found.activation === 'softmax') {
    if (units === 1) refuse(`${found.where} is a softmax over a single unit, which always outputs 1: the model cannot classify. Re-train it with ≥ 2 units or a sigmoid.`);
    return { kind: 'probabilities', reason: `auto: ${found.where} applies softmax, so outputs are probabilities; attacks use their logarithm`, numClasses };
  }
  if (found.activation === 'sigmoid' && units === 1) {
    return { kind: 'sigmoid', reason: `auto: ${found.where} is a single sigmoid unit (binary classifier); attacks use the 2-class logits [0, logit(p)]`, numClasses };
  }
  if (found.activation === 'sigmoid') {
    return { kind: 'logits', reason: `auto: ${found.where} is a sigmoid over ${units} units (multi-label); its outputs are used as scores directly — set model.output to override`, numClasses };
  }
  return { kind: 'logits', reason: `auto: no softmax or sigmoid at ${found.where}, so outputs are taken as logits`, numClasses };
}

/**
 * Turns a raw output `[n, units]` into logits `[n, numClasses]`: probabilities → log(clip(p)),
 * a sigmoid column p → [0, log p − log(1 − p)], a single logit column z → [0, z]. Differentiable;
 * call inside `tf.tidy`.
 */
export function outputToLogits(output: tf.Tensor2D, kind: OutputKind): tf.Tensor2D {
  if (kind === 'probabilities') return tf.log(tf.clipByValue(output, minProbability, 1));
  if (output.shape[1] !== 1) return output;
  let logit: tf.Tensor2D = output;
  if (kind === 'sigmoid') {
    const p = tf.clipByValue(output, sigmoidEpsilon, 1 - sigmoidEpsilon);
    logit = tf.sub(tf.log(p), tf.log1p(tf.neg(p)));
  }
  return tf.concat([tf.zerosLike(logit), logit], 1);
}
