/**
 * APGD's step-size schedule (Croce & Hein 2020, https://arxiv.org/abs/2003.01690, §3.2; numbers
 * as in AutoAttack's `autopgd_base.py`). The step size of each sample starts at 2ε and is halved
 * at checkpoints where progress stalled; the iterate then restarts from the best point so far.
 * Pure functions over numbers, so the schedule is tested on its own.
 */

/** One checkpoint: after 0-based iteration `iteration`, looking back over `window` iterations. */
export interface Checkpoint {
  iteration: number;
  window: number;
}

/**
 * Checkpoints of an `steps`-iteration run: the first after ⌊0.22·steps⌋ iterations, then windows
 * shrinking by ⌊0.03·steps⌋ down to ⌊0.06·steps⌋ (each at least 1). For 100 steps: after
 * iterations 22, 41, 57, 70, 80, 87, 93, 99 (the paper's p_j = 0, 0.22, 0.41, 0.57, …).
 */
export function apgdCheckpoints(steps: number): Checkpoint[] {
  let window = Math.max(Math.floor(0.22 * steps), 1);
  const smallest = Math.max(Math.floor(0.06 * steps), 1);
  const shrink = Math.max(Math.floor(0.03 * steps), 1);
  const checkpoints: Checkpoint[] = [];
  let since = 0;
  for (let iteration = 0; iteration < steps; iteration++) {
    since++;
    if (since < window) continue;
    checkpoints.push({ iteration, window });
    since = 0;
    window = Math.max(window - shrink, smallest);
  }
  return checkpoints;
}

/** What one sample's checkpoint decision looks at. */
export interface CheckpointState {
  /**
   * Loss at the start point followed by the loss after each iteration so far
   * (`losses[i + 1]` = after iteration i).
   */
  losses: ArrayLike<number>;
  checkpoint: Checkpoint;
  /** ρ: the fraction of steps that must have increased the loss (AutoAttack: 0.75). */
  rho: number;
  /** Whether the step size was halved at the previous checkpoint (true before the first). */
  reducedLastTime: boolean;
  /** Best loss at the previous checkpoint (the start loss before the first). */
  bestAtLastCheck: number;
  /** Best loss now. */
  best: number;
}

/**
 * Whether to halve the step size (and restart from the best point) at a checkpoint: condition 1
 * — at most ρ·window of the window's steps increased the loss (the walk oscillates); condition 2
 * — the step was not halved last time and the best loss has not improved since. AutoAttack
 * compares the window's first loss with a zero-initialised slot at the first checkpoint; here it
 * is compared with the start loss.
 */
export function shouldHalveStep(state: CheckpointState): boolean {
  const { losses, checkpoint } = state;
  const last = checkpoint.iteration + 1;
  let increases = 0;
  for (let back = 0; back < checkpoint.window; back++) {
    if (losses[last - back]! > losses[last - back - 1]!) increases++;
  }
  const oscillating = increases <= checkpoint.window * state.rho;
  const stalled = !state.reducedLastTime && state.bestAtLastCheck >= state.best;
  return oscillating || stalled;
}
