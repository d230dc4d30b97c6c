import { describe, expect, it } from 'vitest';
import { mcnemarExact, pairedChangeInterval } from '../../src/metrics/mcnemar.js';

describe('mcnemarExact (two-sided exact binomial test on discordant pairs)', () => {
  it.each([
    // b, c, p — hand-computed: p = min(1, 2 · Σ_{k ≤ min(b,c)} C(b+c, k) / 2^(b+c))
    [0, 5, 2 / 32], // 2 · 1/32
    [1, 9, 22 / 1024], // 2 · (1 + 10)/1024
    [9, 1, 22 / 1024], // symmetric
    [2, 8, 112 / 1024], // 2 · (1 + 10 + 45)/1024
    [10, 0, 2 / 1024],
    [20, 1, 44 / 2 ** 21], // 2 · (1 + 21)/2^21
  ])('b = %i, c = %i → p = %f', (b, c, p) => {
    expect(mcnemarExact(b, c)).toBeCloseTo(p, 14);
  });

  it('ties and no discordant pairs give p = 1', () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(3, 3)).toBe(1);
    expect(mcnemarExact(0, 1)).toBe(1); // 2 · ½ = 1: one pair decides nothing
  });

  it('large counts in log space agree with exact rational sums (Python fractions)', () => {
    // Σ_{k ≤ 1000} C(2100, k) / 2^2100 · 2 = 0.030720707864242296; 5000 vs 5300: 0.003215819673645239.
    expect(mcnemarExact(1000, 1100)).toBeCloseTo(0.030720707864242296, 12);
    expect(mcnemarExact(5300, 5000)).toBeCloseTo(0.003215819673645239, 12);
    expect(mcnemarExact(0, 1074)).toBeGreaterThan(0); // 2^-1073, a subnormal but not 0
    expect(Number.isFinite(mcnemarExact(400000, 400000))).toBe(true);
  });

  it('refuses negative or fractional counts', () => {
    expect(() => mcnemarExact(-1, 2)).toThrow(RangeError);
    expect(() => mcnemarExact(1.5, 2)).toThrow(RangeError);
  });
});

describe('pairedChangeInterval (Wilson on b of b + c, mapped to (b − c)/n)', () => {
  it('hand-computed: b = 20, c = 1, n = 200 → Wilson(20/21) = [0.77331, 0.99154] → [0.05739, 0.10322]', () => {
    const [low, high] = pairedChangeInterval(20, 1, 200);
    expect(low).toBeCloseTo(0.0573943, 6);
    expect(high).toBeCloseTo(0.1032242, 6);
  });
  it('b = 3, c = 7, n = 100 straddles 0; all discordant pairs one way reaches m/n', () => {
    const [low, high] = pairedChangeInterval(3, 7, 100);
    expect(low).toBeCloseTo(-0.0784417, 6);
    expect(high).toBeCloseTo(0.0206444, 6);
    expect(pairedChangeInterval(5, 0, 50)[1]).toBeCloseTo(0.1, 12);
  });
  it('no discordant pair: the change is exactly 0', () => {
    expect(pairedChangeInterval(0, 0, 10)).toEqual([0, 0]);
    expect(pairedChangeInterval(0, 0, 0)).toEqual([0, 0]);
  });
});
