import type * as tf from '@tensorflow/tfjs';
import type { ModelFileReader } from './model-file-reader.js';
import { readModelFiles, type ModelFiles } from './model-files.js';

export type { ModelFileReader, ModelFileStat } from './model-file-reader.js';

/** Options of {@link createSafeIOHandler}. */
export interface SafeIOHandlerOptions {
  /** File-system access (default: node:fs/promises). Tests inject a recording reader. */
  reader?: ModelFileReader;
  /** Largest model.json accepted, in bytes (default 64 MiB). */
  maxModelJsonBytes?: number;
  /** Largest total of declared weight bytes accepted, in bytes (default 1 GiB). */
  maxWeightBytes?: number;
}

/** An `IOHandler` whose `load` is always present (tfjs's type makes it optional). */
export type SafeIOHandler = tf.io.IOHandler & { load(): Promise<tf.io.ModelArtifacts> };

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function optionalObject<T>(value: unknown): T | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as T) : undefined;
}

/**
 * tfjs artifacts from checked model files. `trainingConfig` and `modelInitializer` are left out:
 * robustcheck never trains, and both make tfjs deserialize and run more of the file (losses,
 * optimizers, an initializer graph) than inference needs.
 */
export function artifactsFromModelFiles(files: ModelFiles): tf.io.ModelArtifacts {
  const json = files.modelJson.json;
  return {
    modelTopology: json.modelTopology,
    format: optionalString(json.format),
    generatedBy: optionalString(json.generatedBy),
    convertedBy: optionalString(json.convertedBy),
    weightSpecs: files.weightSpecs,
    weightData: files.weightData,
    signature: optionalObject<object>(json.signature),
    userDefinedMetadata: optionalObject<{ [key: string]: {} }>(json.userDefinedMetadata),
  };
}

/**
 * A tfjs `IOHandler` that loads a local model.json and its weight shards without tfjs-node,
 * refusing hostile or broken files before any weight file is read (see `readModelFiles`):
 * weight paths must stay inside the model folder (symlinks included), weight dtypes must be
 * float32/int32/bool, shapes non-negative integers, and the declared sizes must equal the files
 * on disk. `load()` rejects with an `InputError` (exit 2) whose message names the file.
 *
 * @param modelJsonPath - path of model.json (absolute, or relative to the working directory)
 */
export function createSafeIOHandler(modelJsonPath: string, options: SafeIOHandlerOptions = {}): SafeIOHandler {
  return {
    load: async () => artifactsFromModelFiles(await readModelFiles(modelJsonPath, options)),
  };
}
