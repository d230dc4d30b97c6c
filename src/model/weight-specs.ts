import type * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';

/** Largest element count accepted for one weight (2^31): beyond it tfjs cannot index the tensor. */
export const maxWeightElements = 2 ** 31;

/** Bytes per stored value of each accepted weight dtype. `string` is refused: its size is unknowable before reading. */
const dtypeBytes: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** Bytes per stored value of each quantization dtype tfjs can dequantize. */
const quantizedBytes: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

/**
 * Checks one weights-manifest entry (name, dtype, shape, quantization) and returns the number of
 * bytes it occupies in the weight files. Throws {@link InputError} (`MODEL_MANIFEST`,
 * `MODEL_BAD_DTYPE`, `MODEL_BAD_SHAPE`, `MODEL_BAD_QUANTIZATION`) naming `label`, e.g.
 * `model.json weightsManifest[0].weights[3]`.
 */
export function weightSpecByteLength(spec: unknown, label: string): number {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new InputError('MODEL_MANIFEST', `${label} is not an object with name, shape and dtype. Re-export the model with tfjs.`);
  }
  const entry = spec as Record<string, unknown>;
  if (typeof entry.name !== 'string' || entry.name.length === 0) {
    throw new InputError('MODEL_MANIFEST', `${label} has no weight name. Re-export the model with tfjs.`);
  }
  // tfjs matches weight names through plain objects; a built-in property name would match Object.prototype.
  if (entry.name in Object.prototype) {
    throw new InputError('MODEL_MANIFEST', `${label} uses the reserved weight name "${entry.name}". The model files are corrupt or hostile.`);
  }
  const named = `${label} ("${entry.name}")`;
  const elements = shapeElementCount(entry.shape, named);
  if (typeof entry.dtype !== 'string' || !Object.hasOwn(dtypeBytes, entry.dtype)) {
    const hint = entry.dtype === 'string'
      ? 'string weights (lookup tables, text models) are not supported by robustcheck'
      : 'use float32, int32 or bool';
    throw new InputError('MODEL_BAD_DTYPE', `${named} has dtype ${JSON.stringify(entry.dtype)}: ${hint}.`);
  }
  if (entry.quantization === undefined) return elements * dtypeBytes[entry.dtype]!;
  return elements * quantizedValueBytes(entry.quantization, entry.dtype, named);
}

/** Element count of a declared shape; every dimension must be a non-negative integer. */
function shapeElementCount(shape: unknown, named: string): number {
  if (!Array.isArray(shape)) {
    throw new InputError('MODEL_BAD_SHAPE', `${named} has shape ${JSON.stringify(shape)}, not an array of dimensions. The model files are corrupt; re-export them.`);
  }
  let elements = 1;
  for (const dim of shape) {
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) {
      throw new InputError('MODEL_BAD_SHAPE',
        `${named} has shape ${JSON.stringify(shape)}: dimension ${JSON.stringify(dim)} is not a non-negative integer ` +
        '(NaN and Infinity appear as null in JSON). The model files are corrupt; re-export them.');
    }
    elements *= dim;
    if (elements > maxWeightElements) {
      throw new InputError('MODEL_BAD_SHAPE',
        `${named} has shape ${JSON.stringify(shape)}: more than ${maxWeightElements} elements, larger than any weight tfjs can hold. ` +
        'The model files are corrupt or hostile.');
    }
  }
  return elements;
}

/** Bytes per value of a quantized weight, after checking tfjs can dequantize it. */
function quantizedValueBytes(quantization: unknown, dtype: string, named: string): number {
  const q = (typeof quantization === 'object' && quantization !== null ? quantization : {}) as Record<string, unknown>;
  const qDtype = q.dtype;
  if (typeof qDtype !== 'string' || !Object.hasOwn(quantizedBytes, qDtype)) {
    throw new InputError('MODEL_BAD_QUANTIZATION', `${named} has quantization dtype ${JSON.stringify(qDtype)}: tfjs can only dequantize uint8, uint16 and float16.`);
  }
  if (qDtype === 'float16' && dtype !== 'float32') {
    throw new InputError('MODEL_BAD_QUANTIZATION', `${named} is float16-quantized but has dtype ${dtype}: float16 quantization applies to float32 weights only.`);
  }
  if (qDtype !== 'float16') {
    if (dtype === 'bool') {
      throw new InputError('MODEL_BAD_QUANTIZATION', `${named} is a quantized bool weight, which tfjs cannot dequantize.`);
    }
    if (!Number.isFinite(q.scale) || !Number.isFinite(q.min)) {
      throw new InputError('MODEL_BAD_QUANTIZATION', `${named} is ${qDtype}-quantized but lacks finite "scale" and "min". Re-export the model.`);
    }
  }
  return quantizedBytes[qDtype]!;
}

/** Narrows a checked manifest entry to tfjs's type. Call only after {@link weightSpecByteLength}. */
export function asWeightSpec(spec: unknown): tf.io.WeightsManifestEntry {
  return spec as tf.io.WeightsManifestEntry;
}
