import { deflateSync, inflateSync } from 'fflate';
import type { PerturbationSize } from '../metrics/perturbation-size.js';
import type { EncodedSizes, KeptNorm } from './report-types.js';

/** Norms whose per-sample sizes are kept in `report.json` outcomes, in encoding order. */
export const keptNorms: readonly KeptNorm[] = ['l0', 'l1', 'l2', 'linf'];

/**
 * Encodes float64 values losslessly and compactly: little-endian bytes, deflated (sizes repeat a
 * lot — carried from smaller budgets, or exactly ε for FGSM), then base64. Merged shard reports
 * recompute means and medians from these exact values, so they match an unsharded run bit for bit.
 */
export function encodeFloat64(values: Float64Array): string {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat64(i * 8, value, true));
  return Buffer.from(deflateSync(bytes, { level: 9 })).toString('base64');
}

/** Inverse of {@link encodeFloat64}; throws a plain Error on malformed input (callers add context). */
export function decodeFloat64(text: string): Float64Array {
  const bytes = inflateSync(Buffer.from(text, 'base64'));
  if (bytes.length % 8 !== 0) throw new Error(`encoded float64 data has ${bytes.length} bytes, not a multiple of 8`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float64Array.from({ length: bytes.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
}

/** Encodes per-position sizes; positions never measured (clean-misclassified samples) become NaN. */
export function encodeSizes(sizes: readonly (PerturbationSize | undefined)[]): EncodedSizes {
  const encoded = {} as EncodedSizes;
  for (const norm of keptNorms) encoded[norm] = encodeFloat64(Float64Array.from(sizes, (size) => size?.[norm] ?? Number.NaN));
  return encoded;
}

/** Decodes {@link encodeSizes}; NaN positions come back as `undefined`. */
export function decodeSizes(encoded: EncodedSizes, expectedLength: number): (PerturbationSize | undefined)[] {
  const columns = Object.fromEntries(keptNorms.map((norm) => [norm, decodeFloat64(encoded[norm])])) as Record<KeptNorm, Float64Array>;
  for (const norm of keptNorms) {
    if (columns[norm].length !== expectedLength) throw new Error(`${norm} sizes list ${columns[norm].length} samples, expected ${expectedLength}`);
  }
  return Array.from({ length: expectedLength }, (_, i) => (Number.isNaN(columns.l2[i]!)
    ? undefined
    : { l0: columns.l0[i]!, l1: columns.l1[i]!, l2: columns.l2[i]!, linf: columns.linf[i]! }));
}

/** Encodes 0/1 outcomes as a compact string ("1101…"), one character per evaluated sample. */
export function encodeOutcomes(flags: Uint8Array): string {
  return Array.from(flags, (flag) => (flag ? '1' : '0')).join('');
}

/** Inverse of {@link encodeOutcomes}: anything but `1` reads as 0. */
export function decodeOutcomes(text: string): Uint8Array {
  return Uint8Array.from(text, (character) => (character === '1' ? 1 : 0));
}
