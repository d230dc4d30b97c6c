/**
 * One batch of samples. `x` holds `count` samples of `sampleShape`, row-major, float32 in input
 * units (after the data's `scale`); `y` holds integer class labels when the data has them.
 */
export interface Batch {
  /** Index of each sample in the whole dataset (stable across batch sizes and shards). */
  indices: number[];
  x: Float32Array;
  y?: Int32Array;
  count: number;
}

/**
 * A source of samples read in batches. Implementations may hold data in memory or read it on
 * demand; callers only see batches.
 */
export interface Dataset {
  /** Shape of one sample, e.g. `[28, 28, 1]`. */
  readonly sampleShape: number[];
  /** Number of samples available. */
  readonly size: number;
  /** Whether the data carries labels. */
  readonly hasLabels: boolean;
  /** Reads samples by dataset index (any order; indices must be in `[0, size)`). */
  read(indices: number[]): Batch;
}

/** Number of values in one sample of the given shape. */
export function sampleLength(shape: number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/** A dataset already decoded into memory. */
export class InMemoryDataset implements Dataset {
  readonly hasLabels: boolean;
  private readonly stride: number;

  constructor(
    readonly sampleShape: number[],
    private readonly values: Float32Array,
    private readonly labels?: Int32Array,
  ) {
    this.stride = sampleLength(sampleShape);
    this.hasLabels = labels !== undefined;
  }

  get size(): number {
    return this.stride === 0 ? 0 : this.values.length / this.stride;
  }

  read(indices: number[]): Batch {
    const x = new Float32Array(indices.length * this.stride);
    const y = this.labels ? new Int32Array(indices.length) : undefined;
    indices.forEach((index, row) => {
      x.set(this.values.subarray(index * this.stride, (index + 1) * this.stride), row * this.stride);
      if (y && this.labels) y[row] = this.labels[index]!;
    });
    return { indices, x, y, count: indices.length };
  }
}

/** Splits `[0, size)` into consecutive index batches of at most `batchSize`. */
export function* indexBatches(indices: number[], batchSize: number): Generator<number[]> {
  for (let start = 0; start < indices.length; start += batchSize) {
    yield indices.slice(start, start + batchSize);
  }
}
