import { InputError } from '../errors.js';

/**
 * Largest number of input values in one batch tensor: 2^26 ≈ 67 M (256 MiB of float32). An
 * attack holds several tensors of this size at once (input, iterate, gradient, best so far).
 */
export const maxBatchValues = 2 ** 26;

/**
 * Refuses a batch size whose input tensor would exceed {@link maxBatchValues}, before any batch
 * is allocated. Results do not depend on the batch size, so lowering it is always safe.
 *
 * @param batchSize - `data.batchSize` (samples per batch)
 * @param sampleValues - values in one input sample
 * @throws InputError `DATA_BATCH_TOO_LARGE` naming the largest batch size that fits
 */
export function checkBatchValues(batchSize: number, sampleValues: number, suitePath: string): void {
  if (batchSize * sampleValues <= maxBatchValues) return;
  const fits = Math.max(1, Math.floor(maxBatchValues / sampleValues));
  throw new InputError('DATA_BATCH_TOO_LARGE',
    `${suitePath}: data.batchSize ${batchSize} × ${sampleValues} values per sample is over the limit of ${maxBatchValues} values per batch. ` +
    `Set data.batchSize to ${fits} or less (per-sample results do not depend on the batch size).`,
    [{ file: suitePath, location: '/data/batchSize', message: `at most ${fits} for this model` }]);
}
