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
  /** Hex SHA-256 of the data file's bytes as stored, when the data came from one file (report `data.sha256`). */
  readonly sha256?: string;
  /** Hex SHA-256 of the separate labels file's bytes, when there is one (report `data.labelsSha256`). */
  readonly labelsSha256?: string;
}

/** Content hashes of the files a dataset was read from (hex SHA-256 of their stored bytes). */
export interface DataHashes {
  sha256?: string;
  labelsSha256?: string;
}

/** Number of values in one sample of the given shape. */
export function sampleLength(shape: number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/** A dataset already decoded into memory. */
export class InMemoryDataset implements Dataset {
  readonly hasLabels: boolean;
  readonly sha256?: string;
  readonly labelsSha256?: string;
  private readonly stride: number;

  constructor(
    readonly sampleShape: number[],
    private readonly values: Float32Array,
    private readonly labels?: Int32Array,
    hashes: DataHashes = {},
  ) {
    this.stride = sampleLength(sampleShape);
    this.hasLabels = labels !== undefined;
    if (hashes.sha256 !== undefined) this.sha256 = hashes.sha256;
    if (hashes.labelsSha256 !== undefined) this.labelsSha256 = hashes.labelsSha256;
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
