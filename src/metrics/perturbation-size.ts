import type { Norm } from '../tensor/norms.js';

/** Per-sample perturbation sizes measured on the exact tensors fed to the model. */
export interface PerturbationSize {
  /** Number of coordinates changed by more than 1e-12 (input units are irrelevant). */
  l0: number;
  /** Euclidean norm of δ in input units. */
  l2: number;
  /** Largest |δ| in input units. */
  linf: number;
  /** Sum of |δ| in input units. */
  l1: number;
}

/**
 * Measures δ = adversarial − clean for one sample in float64, independently of tfjs, so the
 * runner's budget check does not trust the attack's own arithmetic.
 */
export function measurePerturbation(clean: ArrayLike<number>, adversarial: ArrayLike<number>, offset = 0, length = clean.length): PerturbationSize {
  let l0 = 0;
  let sumSquares = 0;
  let linf = 0;
  let l1 = 0;
  for (let i = offset; i < offset + length; i++) {
    const delta = Math.abs(adversarial[i]! - clean[i]!);
    if (delta > 1e-12) l0++;
    sumSquares += delta * delta;
    l1 += delta;
    if (delta > linf) linf = delta;
  }
  return { l0, l2: Math.sqrt(sumSquares), linf, l1 };
}

/** Size of δ in the given norm (`l0`: a count of coordinates, the unit of `l0` budgets). */
export function sizeInNorm(size: PerturbationSize, norm: Norm): number {
  return size[norm];
}
