import { InputError } from '../errors.js';
import { isIntegerDtype, type NumericArray } from './numeric-array.js';

/**
 * Turning decoded arrays into what the model sees: shape checks, scaling to the input range with
 * NaN/range checks, and label decoding (indices or one-hot) with range checks. Every refusal names
 * the file and the first offending sample.
 */

/** Checks rank and sample shape against the model; returns the sample shape the model sees. */
export function checkShape(file: string, x: NumericArray, inputShape: number[]): number[] {
  const shape = x.shape;
  const expectedText = `[${inputShape.map((dim) => (dim > 0 ? dim : '?')).join(', ')}]`;
  if (shape.some((dim) => dim === 0)) {
    throw new InputError('DATA_EMPTY', `${file}: holds no samples (shape [${shape.join(', ')}]).`, [{ file, message: 'no samples' }]);
  }
  if (shape.length < 2) {
    throw new InputError('DATA_SHAPE', `${file}: inputs have rank ${shape.length} (shape [${shape.join(', ')}]); expected ` +
      `[samples, ...${expectedText}] with one sample per row.`, [{ file, message: `rank ${shape.length} inputs` }]);
  }
  const sample = shape.slice(1);
  const fits = (dims: number[], model: number[]) =>
    dims.length === model.length && dims.every((dim, i) => model[i]! <= 0 || dim === model[i]);
  if (fits(sample, inputShape)) return sample;
  // Grayscale data is often stored without its channel axis: [n, 28, 28] for a [28, 28, 1] model.
  if (inputShape.at(-1) === 1 && fits(sample, inputShape.slice(0, -1))) return [...sample, 1];
  const channelsFirst = sample.length === 3 && inputShape.length === 3 && sample[0] === inputShape[2] &&
    sample[1] === inputShape[0] && sample[2] === inputShape[1];
  const hint = channelsFirst ? ' The data looks channels-first (NCHW); transpose it to channels-last (NHWC).' : '';
  throw new InputError('DATA_SHAPE', `${file}: samples have shape [${sample.join(', ')}] but the model expects ` +
    `${expectedText}.${hint}`, [{ file, message: `sample shape [${sample.join(', ')}], model input ${expectedText}` }]);
}

export function scaleFor(scale: number | undefined, dtype: string): number {
  if (scale === undefined) return isIntegerDtype(dtype) ? 1 / 255 : 1;
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new InputError('DATA_SCALE', `data.scale must be a finite number > 0 (got ${scale}).`, [{ location: '/data/scale', message: 'not a finite number > 0' }]);
  }
  return scale;
}

/**
 * Scales the values to float32 and checks them: NaN/Inf, then `inputRange`. Values past a bound
 * by float rounding only (e.g. 255 × (1/255)) are clamped to it, so clean inputs lie exactly
 * inside the box attacks clip to.
 */
export function toInputValues(file: string, x: NumericArray, stride: number, scale: number, range: [number, number]): Float32Array {
  const [lo, hi] = range;
  const length = x.values.length;
  const tolerance = 1e-6 * Math.max(1, hi - lo);
  const out = new Float32Array(length);
  let firstBad = -1;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < length; i++) {
    const raw = x.values[i]!;
    if (!Number.isFinite(raw)) {
      let nonFinite = 0;
      for (let j = i; j < length; j++) if (!Number.isFinite(x.values[j]!)) nonFinite++;
      const sample = Math.floor(i / stride);
      throw new InputError('DATA_NAN', `${file}: sample ${sample} contains ${raw} (value ${i % stride} of the sample; ` +
        `${nonFinite} non-finite value(s) in all). Remove or repair those samples.`,
      [{ file, location: `sample ${sample}`, message: `${raw} value` }]);
    }
    let value = Math.fround(raw * scale);
    if (value < lo || value > hi) {
      if (value >= lo - tolerance && value <= hi + tolerance) value = value < lo ? lo : hi;
      else if (firstBad < 0) firstBad = i;
    }
    if (value < min) min = value;
    if (value > max) max = value;
    out[i] = value;
  }
  if (firstBad >= 0) {
    const sample = Math.floor(firstBad / stride);
    const suggestion = lo === 0 && hi === 1 && min >= 0 && max <= 255 && scale === 1
      ? 'Set data.scale to 0.00392156862745098 (1/255) for 0–255 pixels, or model.inputRange to [0, 255].'
      : `Set data.scale so values fit [${lo}, ${hi}], or model.inputRange to the data's range.`;
    throw new InputError('DATA_RANGE', `${file}: values after scale ${scale} span [${min}, ${max}], outside model.inputRange ` +
      `[${lo}, ${hi}]; first at sample ${sample} (value ${out[firstBad]}). ${suggestion}`,
    [{ file, location: `sample ${sample}`, message: `value ${out[firstBad]} outside [${lo}, ${hi}]` }]);
  }
  return out;
}

/** Converts labels to class indices, checking count, shape (`[n]`, `[n, 1]`, one-hot) and range. */
export function toLabels(file: string, y: NumericArray, count: number, numClasses: number): Int32Array {
  const fail = (message: string, sample?: number): never => {
    throw new InputError('DATA_LABELS', `${file}: ${message}`,
      [{ file, location: sample === undefined ? undefined : `sample ${sample}`, message }]);
  };
  const [rows = 0, width = 1, ...rest] = y.shape;
  if (y.shape.length === 0 || rest.length > 0 || (width !== 1 && width !== numClasses)) {
    fail(`labels have shape [${y.shape.join(', ')}]; expected [${count}], [${count}, 1] or one-hot [${count}, ${numClasses}].`);
  }
  if (rows !== count) fail(`has ${rows} labels for ${count} samples; they must match one to one.`);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = width === 1 ? y.values[i]! : oneHotIndex(y, i, width);
    if (width > 1 && Number.isNaN(label)) fail(`label row of sample ${i} is not one-hot (exactly one 1, the rest 0).`, i);
    if (!Number.isInteger(label)) fail(`label of sample ${i} is ${label}, not an integer class index.`, i);
    if (label < 0 || label >= numClasses) {
      const oneBased = width === 1 && looksOneBased(y.values.subarray(0, count), numClasses)
        ? ' The labels look 1-based: subtract 1.' : '';
      fail(`label of sample ${i} is ${label}, outside [0, ${numClasses}) for a model with ${numClasses} classes.${oneBased}`, i);
    }
    labels[i] = label;
  }
  return labels;
}

/** Whether labels span exactly 1..numClasses (a common off-by-one from MATLAB/R exports). */
function looksOneBased(values: NumericArray['values'], numClasses: number): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min === 1 && max === numClasses;
}

/** Index of the single 1 in one-hot row `row`, or NaN when the row is not one-hot. */
function oneHotIndex(y: NumericArray, row: number, width: number): number {
  let index = Number.NaN;
  for (let j = 0; j < width; j++) {
    const value = y.values[row * width + j]!;
    if (value === 1 && Number.isNaN(index)) index = j;
    else if (value !== 0) return Number.NaN;
  }
  return index;
}
