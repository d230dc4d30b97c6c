import { describe, expect, it } from 'vitest';
import { normalQuantile, wilsonInterval } from '../../src/metrics/wilson.js';

describe('normalQuantile', () => {
  it.each([[0.975, 1.959964], [0.5, 0], [0.995, 2.575829], [0.025, -1.959964], [0.001, -3.090232]])('Φ⁻¹(%f) = %f', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 5);
  });
  it('rejects p outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('wilsonInterval (hand-computed values)', () => {
  it.each([
    // successes, n, low, high — computed from (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964
    [50, 100, 0.40383, 0.59617],
    [0, 10, 0, 0.27753],
    [10, 10, 0.72247, 1],
    [1, 1, 0.20654, 1],
    [0, 1, 0, 0.79346],
    [500, 1000, 0.46907, 0.53093],
    [88, 100, 0.80188, 0.93001],
  ])('%i/%i → [%f, %f]', (successes, n, low, high) => {
    const [lo, hi] = wilsonInterval(successes, n);
    expect(lo).toBeCloseTo(low, 4);
    expect(hi).toBeCloseTo(high, 4);
  });
  it('n = 0 knows nothing: [0, 1]', () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
  it('n = 1000 at 50 % is about ±3.1 points, n = 100 about ±9.6 (docs/reliability.md D)', () => {
    const [lo1000, hi1000] = wilsonInterval(500, 1000);
    expect((hi1000 - lo1000) / 2).toBeCloseTo(0.031, 3);
    const [lo100, hi100] = wilsonInterval(50, 100);
    expect((hi100 - lo100) / 2).toBeCloseTo(0.096, 3);
  });
  it('a higher confidence gives a wider interval', () => {
    const [lo95, hi95] = wilsonInterval(30, 60, 0.95);
    const [lo99, hi99] = wilsonInterval(30, 60, 0.99);
    expect(lo99).toBeLessThan(lo95);
    expect(hi99).toBeGreaterThan(hi95);
  });
});
