import * as tf from '@tensorflow/tfjs';
import { distance, normalizeGradient, startDirections, tiny } from '../../src/tensor/norms.js';
import { perSample, perSampleMask } from '../../src/tensor/rows.js';
import type { AttackContext } from '../types.js';
import { BestSoFar, gatherRows } from './best-so-far.js';
import { usableGradient } from './gradient-health.js';
import { eotLogitsAndGradient } from './eot.js';
import { attackLoss, attackSucceeded, type LossName } from './loss.js';
import { viewRows, type RowView } from './row-view.js';
import { apgdCheckpoints, shouldHalveStep } from './step-schedule.js';

/** Settings of {@link runApgd}. */
export interface ApgdSettings {
  steps: number;
  restarts: number;
  loss: LossName;
  /** ρ of the oscillation test (AutoAttack: 0.75). */
  rho: number;
  /** Weight of the new step against the previous move (AutoAttack: 0.75; 1 = no momentum). */
  momentum: number;
  /**
   * Count success as any misclassification even when ascending a targeted loss (APGD-T: the
   * target only steers the search, as in AutoAttack). Default: reaching the target.
   */
  misclassificationSucceeds?: boolean;
  /** Expectation over Transformation: gradients averaged over this many forward/backward passes (randomised models). Default 1. */
  eotIterations?: number;
}

/** Per-row loop tensors of one restart (rows = the view's rows). */
interface Iterates {
  current: tf.Tensor;
  previous: tf.Tensor;
  gradient: tf.Tensor;
  best: tf.Tensor;
  bestGradient: tf.Tensor;
}

/** Reshapes per-row numbers to broadcast over a batch shaped like `like`. */
function perRow(values: number[], like: tf.Tensor): tf.Tensor {
  return perSample(tf.tensor1d(values), like);
}

/** Rows-selecting `where` for per-row flags. */
function pick(flags: boolean[], whenTrue: tf.Tensor, otherwise: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.where(perSampleMask(tf.tensor1d(flags.map(Number)).cast('bool'), whenTrue), whenTrue, otherwise));
}

/** AutoAttack's start: x + ε·t/‖t‖ (t uniform in [−1, 1] for L∞, Gaussian for L2), projected. */
function apgdStart(context: AttackContext, view: RowView, restart: number): tf.Tensor {
  return tf.tidy(() => {
    const t = startDirections((kind) => view.draws(`apgd-start/${restart}`, kind), context.norm);
    const unit = t.div(perSample(distance(t, context.norm).add(tiny), t));
    return view.project(view.x.add(unit.mul(context.budget)));
  });
}

/**
 * Auto-PGD (Croce & Hein 2020) on one batch: per-sample step sizes starting at 2ε, a momentum
 * step x ← Π(x + a·(Π(x + η·normalize(∇)) − x) + (1 − a)·(x − x_prev)), step halving at the
 * checkpoints of {@link apgdCheckpoints} with a restart from the highest-loss point, and
 * best-so-far tracking (a sample is broken by its first successful iterate and leaves the batch).
 * Samples never broken return their highest-loss point of the last restart.
 */
export function runApgd(context: AttackContext, settings: ApgdSettings): tf.Tensor {
  const { budget: epsilon, norm } = context;
  if (epsilon === 0 || settings.steps === 0) return context.x.clone();
  const state = new BestSoFar(context.x);
  const checkpoints = new Map(apgdCheckpoints(settings.steps).map((checkpoint) => [checkpoint.iteration, checkpoint]));
  for (let restart = 0; restart < settings.restarts && !state.done; restart++) {
    let view = viewRows(context, state.active);
    // Per-sample bookkeeping, indexed by batch row.
    const n = context.x.shape[0]!;
    const stepSize = new Array<number>(n).fill(2 * epsilon);
    const losses: number[][] = Array.from({ length: n }, () => []);
    const bestLoss = new Array<number>(n).fill(-Infinity);
    const bestAtLastCheck = new Array<number>(n).fill(-Infinity);
    const reducedLastTime = new Array<boolean>(n).fill(true);
    /** Gradient, loss and success at `point`; records success and updates the best-loss point. */
    const evaluate = (point: tf.Tensor, inspect: boolean): { gradient: tf.Tensor; improved: boolean[]; broke: number } => {
      const { logits, gradient: raw } = eotLogitsAndGradient(context.classifier, point, view.labels, settings.loss, view.targets, settings.eotIterations ?? 1);
      const [success, loss] = tf.tidy(() => [
        attackSucceeded(logits, view.labels, settings.misclassificationSucceeds ? undefined : view.targets).dataSync(),
        attackLoss(logits, view.labels, settings.loss, view.targets).dataSync(),
      ]);
      logits.dispose();
      const gradient = usableGradient(context, raw, inspect);
      raw.dispose();
      const improved = view.rows.map((row, position) => {
        losses[row]!.push(loss[position]!);
        if (!(loss[position]! > bestLoss[row]!)) return false;
        bestLoss[row] = loss[position]!;
        return true;
      });
      return { gradient, improved, broke: state.record(point, success) };
    };
    const start = apgdStart(context, view, restart);
    const first = evaluate(start, restart === 0);
    view.rows.forEach((row) => { bestAtLastCheck[row] = bestLoss[row]!; });
    let it: Iterates = { current: start, previous: start.clone(), gradient: first.gradient, best: start.clone(), bestGradient: first.gradient.clone() };
    let broke = first.broke;
    for (let iteration = 0; iteration < settings.steps && !state.done; iteration++) {
      if (broke > 0) [it, view] = compact(it, view, state, context);
      const weight = iteration === 0 ? 1 : settings.momentum;
      const next = tf.tidy(() => {
        const eta = perRow(view.rows.map((row) => stepSize[row]!), it.current);
        const z = view.project(it.current.add(normalizeGradient(it.gradient, norm).mul(eta)));
        return view.project(it.current.add(z.sub(it.current).mul(weight)).add(it.current.sub(it.previous).mul(1 - weight)));
      });
      const result = evaluate(next, false);
      broke = result.broke;
      const nextBest = pick(result.improved, next, it.best);
      const nextBestGradient = pick(result.improved, result.gradient, it.bestGradient);
      tf.dispose([it.previous, it.best, it.bestGradient, it.gradient]);
      it = { current: next, previous: it.current, gradient: result.gradient, best: nextBest, bestGradient: nextBestGradient };
      const checkpoint = checkpoints.get(iteration);
      if (!checkpoint) continue;
      const halve = view.rows.map((row) => {
        const decision = shouldHalveStep({
          losses: losses[row]!, checkpoint, rho: settings.rho,
          reducedLastTime: reducedLastTime[row]!, bestAtLastCheck: bestAtLastCheck[row]!, best: bestLoss[row]!,
        });
        reducedLastTime[row] = decision;
        bestAtLastCheck[row] = bestLoss[row]!;
        if (decision) stepSize[row] = stepSize[row]! / 2;
        return decision;
      });
      if (halve.some(Boolean)) {
        const current = pick(halve, it.best, it.current);
        const gradient = pick(halve, it.bestGradient, it.gradient);
        tf.dispose([it.current, it.gradient]);
        it = { ...it, current, gradient };
      }
    }
    state.keepLast(it.best);
    tf.dispose([it.current, it.previous, it.gradient, it.best, it.bestGradient]);
    view.dispose();
    state.compact();
  }
  return state.result();
}

/** Drops broken rows from the loop tensors and the view. */
function compact(it: Iterates, view: RowView, state: BestSoFar, context: AttackContext): [Iterates, RowView] {
  const kept = state.compact();
  if (!kept) return [it, view];
  const next: Iterates = {
    current: gatherRows(it.current, kept), previous: gatherRows(it.previous, kept), gradient: gatherRows(it.gradient, kept),
    best: gatherRows(it.best, kept), bestGradient: gatherRows(it.bestGradient, kept),
  };
  tf.dispose([it.current, it.previous, it.gradient, it.best, it.bestGradient]);
  view.dispose();
  return [next, viewRows(context, state.active)];
}
