/**
 * A tfjs model held in memory, served to the ordinary model loader as files. The model is saved
 * (`model.save` with a save handler) into `model.json` + `weights.bin` bytes, and `loadClassifier`
 * reads them through an in-memory {@link ModelFileReader}: an in-memory model is checked, hashed,
 * format-detected and wrapped by exactly the code that loads a model from disk, and the run works
 * on its own copy (the caller's model is never disposed or changed).
 */
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import type { ModelFileReader } from '../model/model-file-reader.js';
import type { TfjsModelFormat } from '../model/model-format.js';
import { loadClassifier, type LoadedModel } from '../model/load-model.js';
import type { ResolvedSuite } from '../suite/types.js';
import { modelFilesFromArtifacts } from '../model/save-model.js';

/** Anything with tfjs's `save(handler)`: a `tf.LayersModel` or a `tf.GraphModel`. */
export interface SavableModel {
  save(handler: tf.io.IOHandler): Promise<tf.io.SaveResult>;
}

/** Whether a value looks like an in-memory tfjs model (duck-typed: the user's tfjs copy may differ from ours). */
export function isSavableModel(value: unknown): value is SavableModel {
  return typeof value === 'object' && value !== null && typeof (value as { save?: unknown }).save === 'function';
}

/** `model.json` + `weights.bin` bytes of a saved model. */
export interface ModelBytes {
  modelJson: Uint8Array;
  weights: Uint8Array;
  /** The tfjs format, from the artifacts (for names in messages). */
  kind: TfjsModelFormat;
}

/** Saves a tfjs model into memory as the files a `tfjs.converter` or `model.save('file://…')` would write. */
export async function saveModelToBytes(model: SavableModel): Promise<ModelBytes> {
  let saved: ModelBytes | undefined;
  try {
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      const { modelJson: json, weightData: weights } = modelFilesFromArtifacts(artifacts);
      const kind = artifacts.format === 'graph-model' || (artifacts.modelTopology as { node?: unknown } | undefined)?.node !== undefined ? 'graph' : 'layers';
      saved = { modelJson: new TextEncoder().encode(JSON.stringify(json)), weights, kind };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
  } catch (error) {
    throw new InputError('MODEL_IN_MEMORY', `Could not read the in-memory model: its save() failed (${(error as Error).message}). Pass a tf.LayersModel, a tf.GraphModel or a model.json path.`);
  }
  if (saved === undefined) throw new InputError('MODEL_IN_MEMORY', 'The in-memory model saved nothing. Pass a tf.LayersModel, a tf.GraphModel or a model.json path.');
  return saved;
}

function missing(path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, '${path}'`), { code: 'ENOENT' });
}

/** A {@link ModelFileReader} over files held in memory under one virtual folder. */
export function memoryFileReader(folder: string, files: ReadonlyMap<string, Uint8Array>): ModelFileReader {
  const byPath = new Map([...files].map(([name, bytes]) => [resolve(folder, name), bytes]));
  const root = resolve(folder);
  return {
    stat: async (path) => {
      const bytes = byPath.get(resolve(path));
      if (bytes === undefined) throw missing(path);
      return { size: bytes.byteLength, isFile: () => true };
    },
    realpath: async (path) => {
      const absolute = resolve(path);
      if (absolute !== root && !byPath.has(absolute)) throw missing(path);
      return absolute;
    },
    readFile: async (path) => {
      const bytes = byPath.get(resolve(path));
      if (bytes === undefined) throw missing(path);
      return bytes;
    },
  };
}

/** An in-memory model made loadable: the virtual `model.json` path for the suite and its loader. */
export interface MemoryModel {
  /** Absolute virtual path of `model.json`, e.g. `<cwd>/[in-memory LayersModel]/model.json`. */
  path: string;
  /** Loader for `runSuite`'s `loaders.model` (reads the saved bytes with `loadClassifier`). */
  load(spec: ResolvedSuite['model']): Promise<LoadedModel>;
}

/**
 * Saves an in-memory model once and returns a loader that builds a fresh classifier from the
 * saved bytes on every call.
 *
 * @param baseDir - folder the virtual model folder is placed in (shown in messages and reports)
 */
export async function prepareMemoryModel(model: SavableModel, baseDir: string): Promise<MemoryModel> {
  const bytes = await saveModelToBytes(model);
  const folder = resolve(baseDir, bytes.kind === 'graph' ? '[in-memory GraphModel]' : '[in-memory LayersModel]');
  const reader = memoryFileReader(folder, new Map([['model.json', bytes.modelJson], ['weights.bin', bytes.weights]]));
  return { path: resolve(folder, 'model.json'), load: (spec) => loadClassifier(spec, { reader }) };
}
