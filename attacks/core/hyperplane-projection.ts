/**
 * Smallest step d (in L∞ or L2) from point x onto the hyperplane w·(x + d) = w·x + r that keeps
 * x + d inside the box [low, high], as FAB needs it (Croce & Hein 2020, "Minimally distorted
 * adversarial examples with a fast adaptive boundary attack", https://arxiv.org/abs/1907.02044,
 * §3.1). Exact, written from the optimality conditions: the minimiser has the form
 * d_i = clip(λ·φ(w_i), low − x_i, high − x_i) with φ = sign (L∞) or identity (L2) and λ ≥ 0 the
 * one scalar for which w·d = r; w·d grows piecewise-linearly in λ, with a kink where a coordinate
 * reaches the box. λ is found by a binary search over the sorted kinks and a linear interpolation
 * inside the last segment. When even the whole box cannot reach the plane, every coordinate goes
 * to its box limit (the closest the box allows).
 *
 * @param x - the point (one sample, flattened)
 * @param w - the hyperplane normal
 * @param r - the required change of w·x
 * @param out - receives d
 */
export function projectOnHyperplane(x: ArrayLike<number>, w: ArrayLike<number>, r: number, norm: 'linf' | 'l2', low: number, high: number, out: Float64Array): void {
  const length = x.length;
  // w·d = r and (−w)·d = −r are the same plane: work with r ≥ 0.
  const sign = r >= 0 ? 1 : -1;
  const target = Math.abs(r);
  // Per coordinate: direction φ, the box limits of d, and the weight w' (hot loops read arrays, not closures).
  const phi = new Float64Array(length);
  const weight = new Float64Array(length);
  const lower = new Float64Array(length);
  const upper = new Float64Array(length);
  const kinks = new Float64Array(length);
  let kinkCount = 0;
  for (let i = 0; i < length; i++) {
    const wi = sign * w[i]!;
    const p = norm === 'linf' ? Math.sign(wi) : wi;
    phi[i] = p;
    weight[i] = wi;
    lower[i] = low - x[i]!;
    upper[i] = high - x[i]!;
    if (p !== 0) kinks[kinkCount++] = (p > 0 ? upper[i]! : lower[i]!) / p;
  }
  const sorted = kinks.subarray(0, kinkCount).sort();
  /** w'·d at λ. */
  const reach = (lambda: number) => {
    let sum = 0;
    for (let i = 0; i < length; i++) {
      const step = lambda * phi[i]!;
      sum += weight[i]! * (step < lower[i]! ? lower[i]! : step > upper[i]! ? upper[i]! : step);
    }
    return sum;
  };
  let lambda: number;
  if (target === 0 || kinkCount === 0) {
    lambda = 0;
  } else if (reach(sorted[kinkCount - 1]!) < target) {
    lambda = sorted[kinkCount - 1]!;
  } else {
    // Smallest kink index whose reach is ≥ target; the answer lies in (kink[lo − 1], kink[lo]].
    let lo = 0;
    let hi = kinkCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (reach(sorted[mid]!) >= target) hi = mid;
      else lo = mid + 1;
    }
    const left = lo === 0 ? 0 : sorted[lo - 1]!;
    const right = sorted[lo]!;
    const reachLeft = lo === 0 ? 0 : reach(left);
    const reachRight = reach(right);
    lambda = reachRight > reachLeft ? left + ((target - reachLeft) * (right - left)) / (reachRight - reachLeft) : right;
  }
  for (let i = 0; i < length; i++) {
    const step = lambda * phi[i]!;
    out[i] = step < lower[i]! ? lower[i]! : step > upper[i]! ? upper[i]! : step;
  }
}
