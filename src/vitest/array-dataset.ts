/**
 * Evaluation data given as arrays or tensors instead of a file. The checks are those the file
 * loaders make (sample shape against the model, finite values inside `inputRange`, integer labels
 * in range, one label per sample), with messages that name the option to fix.
 */
import { createHash } from 'node:crypto';
import type * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import type { InputErrorCode } from '../error-codes.js';
import { InMemoryDataset, sampleLength, type Dataset } from '../data/dataset.js';
import type { ExpectedData } from '../data/expected-data.js';

/** In-memory evaluation data. */
export interface ArrayData {
  /** Inputs in input units, row-major: a tensor, or flat values with `shape`. */
  x: tf.Tensor | Float32Array | ArrayLike<number>;
  /** Class index per sample; omit to use the model's clean predictions (prediction stability). */
  y?: tf.Tensor | Int32Array | ArrayLike<number>;
  /** Shape of `x` including the sample axis, e.g. `[100, 28, 28, 1]`; taken from `x` when it is a tensor. */
  shape?: number[];
}

function isTensor(value: unknown): value is tf.Tensor {
  return typeof value === 'object' && value !== null && typeof (value as tf.Tensor).dataSync === 'function' && Array.isArray((value as tf.Tensor).shape);
}

function dataError(code: InputErrorCode, message: string): InputError {
  return new InputError(code, `data: ${message}`, [{ location: 'data', message }]);
}

function shapeOf(data: ArrayData, length: number): number[] {
  const shape = isTensor(data.x) ? data.x.shape : data.shape;
  if (shape === undefined) throw dataError('DATA_SHAPE', 'give data.shape ([samples, ...sample shape]) with flat data.x, or pass data.x as a tensor.');
  if (shape.length < 2 || shape.some((dim) => !Number.isSafeInteger(dim) || dim < 1)) {
    throw dataError('DATA_SHAPE', `data.shape [${shape.join(', ')}] must be [samples, ...sample shape] with positive whole sizes.`);
  }
  if (sampleLength(shape) !== length) throw dataError('DATA_SHAPE', `data.shape [${shape.join(', ')}] holds ${sampleLength(shape)} values but data.x has ${length}.`);
  return shape;
}

/** The model's sample shape, accepting grayscale samples stored without their channel axis of size 1. */
function sampleShapeFor(sample: number[], inputShape: number[]): number[] {
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((dim, i) => dim === b[i]);
  if (same(sample, inputShape)) return sample;
  if (inputShape.at(-1) === 1 && same(sample, inputShape.slice(0, -1))) return [...sample, 1];
  throw dataError('DATA_SHAPE', `samples have shape [${sample.join(', ')}] but the model expects [${inputShape.join(', ')}]; reshape data.x.`);
}

/** Copies the inputs to float32, refusing non-finite values and values outside the input box (float rounding clamped). */
function checkedValues(raw: ArrayLike<number>, stride: number, [lo, hi]: [number, number]): Float32Array {
  const tolerance = 1e-6 * Math.max(1, hi - lo);
  const values = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    let value = Math.fround(raw[i]!);
    if (!Number.isFinite(value)) throw dataError('DATA_NAN', `sample ${Math.floor(i / stride)} contains ${value}; remove or repair it.`);
    if (value < lo || value > hi) {
      if (value < lo - tolerance || value > hi + tolerance) {
        throw dataError('DATA_RANGE', `sample ${Math.floor(i / stride)} has value ${value} outside inputRange [${lo}, ${hi}]; scale the data or set inputRange.`);
      }
      value = value < lo ? lo : hi;
    }
    values[i] = value;
  }
  return values;
}

function checkedLabels(raw: ArrayLike<number>, count: number, numClasses: number): Int32Array {
  if (raw.length !== count) throw dataError('DATA_LABELS', `data.y has ${raw.length} labels for ${count} samples; give one class index per sample.`);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = raw[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw dataError('DATA_LABELS', `label of sample ${i} is ${label}; labels must be class indices in [0, ${numClasses}) for this model.`);
    }
    labels[i] = label;
  }
  return labels;
}

/**
 * Builds a {@link Dataset} from arrays, checked against the model. Tensors are read, not kept
 * or disposed (they stay the caller's).
 *
 * @throws InputError `DATA_SHAPE`, `DATA_NAN`, `DATA_RANGE`, `DATA_LABELS`
 */
export function arrayDataset(data: ArrayData, expected: ExpectedData): Dataset {
  const raw = isTensor(data.x) ? data.x.dataSync() : data.x;
  const shape = shapeOf(data, raw.length);
  const sampleShape = sampleShapeFor(shape.slice(1), expected.inputShape);
  const values = checkedValues(raw, sampleLength(sampleShape), expected.inputRange);
  const labels = data.y === undefined ? undefined
    : checkedLabels(isTensor(data.y) ? data.y.dataSync() : data.y, shape[0]!, expected.numClasses);
  const sha256 = createHash('sha256').update(new Uint8Array(values.buffer)).digest('hex');
  return new InMemoryDataset(sampleShape, values, labels, { sha256 });
}
