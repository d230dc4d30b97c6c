import { describe, expect, it } from 'vitest';
import { projectOnHyperplane } from '../../attacks/core/hyperplane-projection.js';
import { fixtureNumbers } from '../helpers/classifiers.js';

/** FAB's projection onto {x + d : w·d = r} ∩ box, against closed forms and a bisection reference. */
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, value, i) => sum + value * b[i]!, 0);
const project = (x: number[], w: number[], r: number, norm: 'linf' | 'l2', low = -100, high = 100) => {
  const out = new Float64Array(x.length);
  projectOnHyperplane(x, w, r, norm, low, high, out);
  return Array.from(out);
};

/** Reference: bisection on λ of d = clip(λ·φ(w)) (the optimality form), independent of the sort-based search. */
function bisection(x: number[], w: number[], r: number, norm: 'linf' | 'l2', low: number, high: number): number[] {
  const s = Math.sign(r) || 1;
  const step = (lambda: number) => x.map((xi, i) => Math.min(high - xi, Math.max(low - xi, lambda * (norm === 'linf' ? Math.sign(s * w[i]!) : s * w[i]!))));
  let lo = 0;
  let hi = 1e6;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (s * dot(w, step(mid)) >= Math.abs(r)) hi = mid; else lo = mid;
  }
  return step(hi);
}

describe('projection onto a hyperplane inside the box', () => {
  it('L2 without the box: d = r·w/‖w‖²', () => {
    const w = [3, -4, 0];
    expect(project([0, 0, 0], w, 5, 'l2')).toEqual([0.6, -0.8, 0].map((v) => expect.closeTo(v, 12)));
  });

  it('L∞ without the box: d = r/‖w‖₁ · sign(w)', () => {
    expect(project([0, 0, 0], [1, -2, 1], -2, 'linf')).toEqual([-0.5, 0.5, -0.5].map((v) => expect.closeTo(v, 12)));
  });

  it('r = 0 or w = 0 leaves the point where it is', () => {
    expect(project([0.3, 0.4], [1, 1], 0, 'l2')).toEqual([0, 0]);
    expect(project([0.3, 0.4], [0, 0], 1, 'linf')).toEqual([0, 0]);
  });

  it.each(['linf', 'l2'] as const)('%s with the box [0, 1]: on the plane when reachable, inside the box, and equal to the bisection reference', (norm) => {
    for (let trial = 0; trial < 20; trial++) {
      const x = fixtureNumbers(100 + trial, 12).map((v) => (v + 1) / 2);
      const w = fixtureNumbers(200 + trial, 12);
      const r = fixtureNumbers(300 + trial, 1)[0]! * 1.5;
      const d = project(x, w, r, norm, 0, 1);
      d.forEach((di, i) => {
        expect(x[i]! + di).toBeGreaterThanOrEqual(-1e-12);
        expect(x[i]! + di).toBeLessThanOrEqual(1 + 1e-12);
      });
      const reference = bisection(x, w, r, norm, 0, 1);
      d.forEach((di, i) => expect(di).toBeCloseTo(reference[i]!, 6));
      const reachable = Math.abs(dot(w, bisection(x, w, r, norm, 0, 1))) >= Math.abs(r) - 1e-9;
      if (reachable) expect(dot(w, d)).toBeCloseTo(r, 9);
    }
  });

  it('an unreachable plane saturates every coordinate towards it', () => {
    expect(project([0.5, 0.5], [1, -1], 5, 'l2', 0, 1)).toEqual([0.5, -0.5]);
  });
});
