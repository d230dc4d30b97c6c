import type * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../src/model/classifier.js';
import type { Norm } from '../src/tensor/norms.js';

/** Declared parameter of an attack: feeds the JSON Schema, `robustcheck list` and defaults. */
export interface ParamSpec {
  /** `target` = a class index or one of `least-likely`, `random`, `next` (targeted attacks). */
  type: 'number' | 'integer' | 'boolean' | 'string' | 'target';
  description: string;
  default?: number | boolean | string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  enum?: readonly (string | number)[];
}

/**
 * Everything an attack may use for one batch at one budget. Attacks are functions of this
 * context: they never see the runner, reporters or files.
 */
export interface AttackContext {
  classifier: Classifier;
  /** Clean inputs `[n, ...inputShape]`; never mutated. */
  x: tf.Tensor;
  /** True (or reference) labels, int32 `[n]`: the attack tries to change these predictions. */
  labels: tf.Tensor1D;
  /**
   * Target classes, int32 `[n]`, when the attack is targeted (`target` parameter): the attack
   * tries to make the model predict these, and succeeds on a sample when it does. Never a
   * sample's true label.
   */
  targets?: tf.Tensor1D;
  /** Budget in input units (`epsilon`) or severity 1–5 for corruptions. */
  budget: number;
  /** Norm of the budget (L∞ when the attack has no norm). */
  norm: Norm;
  /** Input box `[low, high]`. */
  bounds: [number, number];
  /** Type-specific parameters with defaults filled in. */
  params: Record<string, unknown>;
  /**
   * Seeded random draws shaped like `x`, one independent stream per sample keyed by the suite
   * seed, the attack id, `purpose` and the sample's dataset index (never by batch position).
   */
  draws(purpose: string, kind: 'uniform' | 'normal'): tf.Tensor;
  /**
   * Projection onto the ε-ball around `x` and the input box (the runner re-applies it). With
   * `rows`, `candidate` holds only those batch rows (attacks drop broken samples from their
   * loops) and is projected around `x`'s matching rows.
   */
  project(candidate: tf.Tensor, rows?: number[]): tf.Tensor;
  /**
   * Reports a problem the user should know about (e.g. zero or NaN input gradients); the runner
   * turns it into a `log` warning event, once per attack and message. Absent outside the runner.
   */
  warn?(message: string): void;
  /**
   * Computes a per-sample tensor once per attack run and reuses it at every budget (e.g. FGSM's
   * gradient direction, a minimisation attack's adversarial). `compute` must return a tensor
   * `[n, ...]` whose rows depend only on their own sample, never on the batch; rows are cached by
   * `purpose` and dataset index. Absent outside the runner: then call `compute` directly.
   */
  memo?(purpose: string, compute: () => tf.Tensor): tf.Tensor;
  /**
   * Reports per-sample numbers the report aggregates per case, one value per batch row (NaN where
   * the statistic does not apply): `queries` (model queries a score-based attack spent; summarised
   * as mean/median/max) or `broken-by:<component>` (1 where that component of an ensemble broke
   * the sample; summed into per-component contributions). Absent outside the runner.
   */
  tally?(stat: string, perRow: ArrayLike<number>): void;
}

/** What an attack needs from the model (see {@link AttackDefinition.kind}). */
export type AttackKind = 'gradient' | 'score-based' | 'ensemble' | 'noise' | 'corruption';

/** Registry entry of an attack or perturbation. Adding an attack = one file + one registry line. */
export interface AttackDefinition {
  /** JSON identifier, kebab-case (`pgd`, `gaussian-noise`). */
  type: string;
  /**
   * `gradient`: needs input gradients (skipped, with a warning, on models without them);
   * `score-based`: queries logits only, so it runs on any model; `ensemble`: a composition of
   * attacks (AutoAttack) that runs its gradient-free members even without gradients.
   */
  kind: AttackKind;
  /** One-line description for `robustcheck list`. */
  summary: string;
  /** Paper or definition the implementation follows. */
  reference: string;
  /** Norms the attack supports; the first is the default. */
  norms: readonly Norm[];
  /** Whether the budget is a list of `epsilons` or of corruption `severities`. */
  budget: 'epsilons' | 'severities';
  params: Record<string, ParamSpec>;
  /**
   * Gradient attacks that take exactly one gradient step (FGSM / FGM): the sanity checks expect
   * an iterative gradient attack at the same ε to be at least as strong (docs/reliability.md C17).
   */
  singleStep?: boolean;
  /**
   * Proposes perturbed inputs for the batch (shape and dtype of `x`). The runner projects the
   * proposal onto the ε-ball and box and re-verifies it with a fresh forward pass, so an attack
   * can never report a perturbation outside its budget.
   */
  propose(context: AttackContext): tf.Tensor;
  /**
   * Minimisation attacks only (`cw-l2`, `deepfool`): the smallest adversarial found for each
   * sample, regardless of the budget (rows that were not broken may be anything in the box). The
   * runner measures its norm as the sample's minimal perturbation; `propose` keeps it only where
   * that norm is within ε.
   */
  minimize?(context: AttackContext): tf.Tensor;
}
