import { createHash } from 'node:crypto';
import type * as tf from '@tensorflow/tfjs';
import { refuseHardLinks } from './hard-links.js';
import { InputError } from '../errors.js';
import { guardFileAccess, nodeModelFileReader, weightFileHint, type ModelFileReader } from './model-file-reader.js';
import { defaultMaxModelJsonBytes, readModelJson, type ModelJsonFile } from './model-json.js';
import { resolveWeightFile, unsafeWeightPathReason } from './weight-paths.js';
import { asWeightSpec, weightSpecByteLength } from './weight-specs.js';

/** Default cap on the total weight bytes of one model (1 GiB). */
export const defaultMaxWeightBytes = 1024 * 1024 * 1024;

/** Where model files come from and how large they may be. */
export interface ModelFileOptions {
  /** File-system access (default: node:fs/promises). Tests inject a recording reader. */
  reader?: ModelFileReader;
  /** Largest model.json accepted, in bytes (default 64 MiB). */
  maxModelJsonBytes?: number;
  /** Largest total of declared weight bytes accepted (default 1 GiB). */
  maxWeightBytes?: number;
}

/** A model's files, checked and read. */
export interface ModelFiles {
  modelJson: ModelJsonFile;
  /** Manifest entries of every group, in manifest order (each checked). */
  weightSpecs: tf.io.WeightsManifestEntry[];
  /** All weight files' bytes, concatenated in manifest order. */
  weightData: ArrayBuffer;
  /** Canonical paths of the weight files, in manifest order. */
  weightFiles: string[];
  /** Hex SHA-256 over model.json's bytes followed by each weight file's bytes in manifest order. */
  sha256: string;
}

/** A manifest path with the label used in messages (`weightsManifest[0].paths[1]`). */
interface ManifestPath {
  group: number;
  path: string;
  label: string;
}

/**
 * Lists the manifest's weight paths after the lexical checks: anything but a plain relative path
 * inside the model folder is refused (`MODEL_PATH_ESCAPE`) before any file is resolved.
 */
export function checkManifestPaths(modelJson: ModelJsonFile): ManifestPath[] {
  const paths: ManifestPath[] = [];
  modelJson.json.weightsManifest.forEach((group, groupIndex) => {
    group.paths.forEach((path, pathIndex) => {
      const label = `weightsManifest[${groupIndex}].paths[${pathIndex}]`;
      const reason = unsafeWeightPathReason(path);
      if (reason !== undefined) {
        throw new InputError('MODEL_PATH_ESCAPE',
          `Model file "${modelJson.path}": ${label} ${JSON.stringify(path)} ${reason}. ` +
          'Weight files must be listed by plain relative names (e.g. "group1-shard1of1.bin") and sit in the model folder.');
      }
      paths.push({ group: groupIndex, path, label });
    });
  });
  return paths;
}

/** Resolves checked manifest paths to canonical files inside the model folder, in order. */
export async function resolveManifestFiles(modelJson: ModelJsonFile, paths: ManifestPath[], reader: ModelFileReader): Promise<string[]> {
  const files: string[] = [];
  for (const entry of paths) {
    files.push(await resolveWeightFile(modelJson.realFolder, entry.path, `${entry.label} of "${modelJson.path}"`, reader));
  }
  return files;
}

/** Checks every weight spec and returns the declared bytes of each manifest group. */
function declaredGroupBytes(modelJson: ModelJsonFile, maxWeightBytes: number): number[] {
  const names = new Set<string>();
  let total = 0;
  const groups = modelJson.json.weightsManifest.map((group, groupIndex) => {
    let bytes = 0;
    group.weights.forEach((spec, specIndex) => {
      const label = `Model file "${modelJson.path}": weightsManifest[${groupIndex}].weights[${specIndex}]`;
      bytes += weightSpecByteLength(spec, label);
      const name = asWeightSpec(spec).name;
      if (names.has(name)) throw new InputError('MODEL_MANIFEST', `${label} repeats the weight name "${name}"; names must be unique. Re-export the model.`);
      names.add(name);
    });
    total += bytes;
    return bytes;
  });
  if (total > maxWeightBytes) {
    throw new InputError('MODEL_WEIGHTS_TOO_LARGE',
      `Model file "${modelJson.path}" declares ${total} bytes of weights, over the ${maxWeightBytes}-byte limit. Use a smaller model or raise the limit.`);
  }
  return groups;
}

/** Stats every file and compares each group's bytes on disk with its declared bytes. */
async function checkFileSizes(modelJson: ModelJsonFile, paths: ManifestPath[], files: string[], declared: number[], reader: ModelFileReader): Promise<number[]> {
  const sizes: number[] = [];
  for (const [index, file] of files.entries()) {
    const info = await guardFileAccess(`Weight file "${file}"`, () => reader.stat(file), weightFileHint);
    if (!info.isFile()) throw new InputError('MODEL_MISSING', `Weight file "${file}" (${paths[index]!.label}) is not a regular file. List weight files, not folders or devices.`);
    refuseHardLinks(`Weight file "${file}" (${paths[index]!.label})`, info);
    sizes.push(info.size);
  }
  declared.forEach((bytes, group) => {
    const members = paths.flatMap((entry, index) => (entry.group === group ? [index] : []));
    const onDisk = members.reduce((sum, index) => sum + sizes[index]!, 0);
    if (onDisk !== bytes) {
      const names = members.map((index) => `"${files[index]}"`).join(', ');
      const direction = onDisk < bytes ? 'shorter than' : 'longer than';
      const subject = members.length === 1 ? `Weight file ${names} holds` : `Weight files ${names} hold`;
      throw new InputError('MODEL_WEIGHTS_SIZE',
        `${subject} ${onDisk} bytes, ${direction} the ${bytes} bytes that weightsManifest[${group}] of "${modelJson.path}" declares ` +
        '(from its shapes and dtypes). The files are truncated or do not belong to this model.json; re-export or re-download the model.');
    }
  });
  return sizes;
}

/**
 * Reads a tfjs model (model.json + weight shards) with every check done before any weight file
 * is read: manifest paths stay inside the model folder (also through symlinks), weight specs
 * have supported dtypes and sane shapes, and the declared byte sizes equal the files on disk.
 * Every refusal is an {@link InputError} naming the file.
 *
 * @param modelJsonPath - path of model.json (absolute, or relative to the working directory)
 */
export async function readModelFiles(modelJsonPath: string, options: ModelFileOptions = {}): Promise<ModelFiles> {
  const reader = options.reader ?? nodeModelFileReader;
  const modelJson = await readModelJson(modelJsonPath, reader, options.maxModelJsonBytes ?? defaultMaxModelJsonBytes);
  const paths = checkManifestPaths(modelJson);
  const declared = declaredGroupBytes(modelJson, options.maxWeightBytes ?? defaultMaxWeightBytes);
  const files = await resolveManifestFiles(modelJson, paths, reader);
  const sizes = await checkFileSizes(modelJson, paths, files, declared, reader);
  const hash = createHash('sha256').update(modelJson.bytes);
  // One buffer of the checked total, filled shard by shard: the shards are copied once, not
  // collected and then joined (which would hold every weight byte three times at the peak).
  const weightData = new Uint8Array(sizes.reduce((sum, size) => sum + size, 0));
  let offset = 0;
  for (const [index, file] of files.entries()) {
    const bytes = await guardFileAccess(`Weight file "${file}"`, () => reader.readFile(file), weightFileHint);
    if (bytes.byteLength !== sizes[index]) {
      throw new InputError('MODEL_WEIGHTS_SIZE', `Weight file "${file}" changed while being read (${sizes[index]} bytes, then ${bytes.byteLength}). Load the model again once it is fully written.`);
    }
    hash.update(bytes);
    weightData.set(bytes, offset);
    offset += bytes.byteLength;
  }
  return {
    modelJson,
    weightSpecs: modelJson.json.weightsManifest.flatMap((group) => group.weights.map(asWeightSpec)),
    weightData: weightData.buffer,
    weightFiles: files,
    sha256: hash.digest('hex'),
  };
}
