import * as tf from '@tensorflow/tfjs';

/**
 * Per-sample best-so-far result of an attack on one batch, and the rows still worth attacking
 * (AutoAttack's rule: a sample is broken as soon as any iterate succeeds, that iterate is kept,
 * and the sample leaves the batch). Loop tensors hold only the {@link active} rows, so broken
 * samples cost nothing in later steps. Results live on the CPU: a row is copied once, when it
 * breaks, or at the end for samples never broken.
 */
export class BestSoFar {
  /** Batch rows still being attacked, ascending; loop tensors hold exactly these rows. */
  active: number[];
  private readonly values: Float32Array;
  private readonly found: Uint8Array;
  private readonly rowLength: number;
  private remaining: number;

  constructor(private readonly x: tf.Tensor) {
    const n = x.shape[0]!;
    // A copy: on the cpu backend dataSync returns the tensor's own storage.
    this.values = Float32Array.from(x.dataSync());
    this.rowLength = n === 0 ? 0 : this.values.length / n;
    this.found = new Uint8Array(n);
    this.active = Array.from({ length: n }, (_, row) => row);
    this.remaining = n;
  }

  /** Every sample is broken. */
  get done(): boolean {
    return this.remaining === 0;
  }

  /** Whether batch row `row` is broken. */
  isFound(row: number): boolean {
    return this.found[row] === 1;
  }

  /**
   * Records an iterate of the active rows: rows whose `success` flag is set (and were not broken
   * before) keep this iterate. Returns how many rows broke now.
   *
   * @param candidate - iterate of the active rows, `[active.length, ...]`
   * @param success - per active row, non-zero where the attack succeeds on `candidate`
   */
  record(candidate: tf.Tensor, success: ArrayLike<number>): number {
    const fresh = this.active.filter((row, position) => success[position] && !this.found[row]);
    if (fresh.length === 0) return 0;
    const data = candidate.dataSync();
    this.active.forEach((row, position) => {
      if (!success[position] || this.found[row]) return;
      this.values.set(data.subarray(position * this.rowLength, (position + 1) * this.rowLength), row * this.rowLength);
      this.found[row] = 1;
    });
    this.remaining -= fresh.length;
    return fresh.length;
  }

  /** Unbroken active rows report `candidate` (their latest iterate) unless a later call replaces it. */
  keepLast(candidate: tf.Tensor): void {
    const data = candidate.dataSync();
    this.active.forEach((row, position) => {
      if (!this.found[row]) this.values.set(data.subarray(position * this.rowLength, (position + 1) * this.rowLength), row * this.rowLength);
    });
  }

  /**
   * Drops broken rows from {@link active}. Returns the positions (into the old active list) that
   * stay, to gather every per-row loop tensor with {@link gatherRows}; `undefined` when none left.
   */
  compact(): number[] | undefined {
    const kept: number[] = [];
    this.active.forEach((row, position) => {
      if (!this.found[row]) kept.push(position);
    });
    if (kept.length === this.active.length) return undefined;
    this.active = kept.map((position) => this.active[position]!);
    return kept;
  }

  /** The result batch, shaped like `x` (the caller owns it). */
  result(): tf.Tensor {
    return tf.tensor(this.values, this.x.shape, 'float32');
  }
}

/** Rows `positions` of a per-row tensor `[n, ...]` (a new tensor; the input is left as is). */
export function gatherRows<T extends tf.Tensor>(tensor: T, positions: number[]): T {
  return tf.tidy(() => tf.gather(tensor, tf.tensor1d(positions, 'int32')) as T);
}
