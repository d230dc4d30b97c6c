import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';

/** Keys whose string values tfjs-layers looks up by name (activations, initializers, …). */
const identifierKey = /(^|_)(activation|initializer|regularizer|constraint)$/;

/**
 * Refuses a Keras model config that names a class tfjs-layers has not registered, before tfjs
 * sees it. tfjs looks classes up with `name in map` on plain objects, so names like
 * `constructor` or `toString` would reach `Object.prototype` and fail with an unrelated
 * TypeError (or worse); here they get the same clear error as any unknown layer.
 *
 * @param topology - `modelTopology` of a LayersModel
 * @param displayPath - model.json path for messages
 * @throws InputError `MODEL_UNKNOWN_CLASS` naming the class and where it is.
 */
export function checkLayerClasses(topology: Record<string, unknown>, displayPath: string): void {
  const known = tf.serialization.SerializationMap.getMap().classNameMap;
  // Iterative walk: a deeply nested hostile file must not overflow the stack.
  const pending: Array<[unknown, string]> = [[topology, '/modelTopology']];
  while (pending.length > 0) {
    const [value, pointer] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push([item, `${pointer}/${index}`]));
      continue;
    }
    const record = value as Record<string, unknown>;
    const className = record.class_name;
    if (className !== undefined && (typeof className !== 'string' || !Object.hasOwn(known, className))) {
      throw unknownClass(displayPath, `class ${JSON.stringify(className)}`, `${pointer}/class_name`);
    }
    for (const [key, child] of Object.entries(record)) {
      if (typeof child === 'string' && identifierKey.test(key) && child in Object.prototype) {
        throw unknownClass(displayPath, `${key} ${JSON.stringify(child)}`, `${pointer}/${key}`);
      }
      pending.push([child, `${pointer}/${key}`]);
    }
  }
}

function unknownClass(displayPath: string, what: string, pointer: string): InputError {
  return new InputError('MODEL_UNKNOWN_CLASS',
    `Model file "${displayPath}" uses ${what} (at ${pointer}), which tfjs-layers does not know. ` +
    'Custom layers must be ported to JavaScript; robustcheck loads models built from the built-in tfjs layers only.',
    [{ file: displayPath, location: pointer, message: `unknown ${what}` }]);
}
