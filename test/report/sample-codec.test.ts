import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFloat64, decodeSizes, encodeFloat64, encodeSizes } from '../../src/report/sample-codec.js';

describe('per-sample size codec', () => {
  it('round-trips any float64 values bit for bit (NaN, ±0, ±∞, subnormals included)', () => {
    fc.assert(fc.property(fc.array(fc.double()), (values) => {
      const decoded = decodeFloat64(encodeFloat64(Float64Array.from(values)));
      expect(Array.from(decoded).map((value) => Object.is(value, -0) ? '-0' : String(value))).toEqual(values.map((value) => Object.is(value, -0) ? '-0' : String(value)));
    }), { numRuns: 200 });
  });

  it('keeps unmeasured samples as undefined and checks the length', () => {
    const sizes = [{ l0: 3, l1: 0.5, l2: 0.25, linf: 0.1 }, undefined, { l0: 784, l1: 7.84, l2: 0.28, linf: 0.01 }];
    const encoded = encodeSizes(sizes);
    expect(decodeSizes(encoded, 3)).toEqual(sizes);
    expect(() => decodeSizes(encoded, 4)).toThrow(/3 samples, expected 4/);
  });

  it('compresses repeated sizes (the common case: ε for every FGSM sample)', () => {
    const repeated = encodeFloat64(new Float64Array(1000).fill(0.03));
    expect(repeated.length).toBeLessThan(200);
  });
});
