import { expect } from 'vitest';
import type { Comparison } from './compare.js';

/** Issue 12's agreement bar: 1e-4 relative on logits, loss and gradient; ≥ 99.99 % equal gradient signs. */
export function expectAgreement(result: Comparison, what: string): void {
  const message = `${what}: ${JSON.stringify(result)}`;
  // RC_AUTODIFF_REPORT=1 prints every comparison (for the agreement figures quoted in reports).
  if (process.env.RC_AUTODIFF_REPORT === '1') console.log(`agreement ${message}`);
  expect(result.logits.relative, message).toBeLessThan(1e-4);
  expect(result.loss.relative, message).toBeLessThan(1e-4);
  expect(result.gradient.relative, message).toBeLessThan(1e-4);
  expect(result.signAgreement, message).toBeGreaterThanOrEqual(0.9999);
}
