import { dirname } from 'node:path';
import { refuseHardLinks } from './hard-links.js';
import { InputError } from '../errors.js';
import { guardFileAccess, type ModelFileReader } from './model-file-reader.js';

/** One `weightsManifest` group: shard files read in order, holding `weights` back to back. */
export interface ManifestGroup {
  paths: string[];
  /** Entries as written; checked by `weightSpecByteLength` before use. */
  weights: unknown[];
}

/** The parts of a tfjs `model.json` robustcheck relies on, checked for presence and type. */
export interface ModelJson {
  format?: unknown;
  modelTopology: Record<string, unknown>;
  weightsManifest: ManifestGroup[];
  signature?: unknown;
  userDefinedMetadata?: unknown;
  [key: string]: unknown;
}

/** A parsed model.json with where it lives. */
export interface ModelJsonFile {
  /** Path as the caller gave it (for messages). */
  path: string;
  /** Canonical folder of the path as given: weight files must resolve inside it. */
  realFolder: string;
  /** Exact bytes read (hashed for the `sha256` pin). */
  bytes: Uint8Array;
  json: ModelJson;
}

/** Default cap on model.json size (bytes): large GraphDefs stay far below it. */
export const defaultMaxModelJsonBytes = 64 * 1024 * 1024;

/**
 * Reads and parses a model.json: refuses non-files, files over `maxBytes`, invalid UTF-8 or
 * JSON (with line:column), `__proto__` keys, and a missing `modelTopology` or `weightsManifest`.
 * Every refusal is an {@link InputError} naming the file.
 */
export async function readModelJson(path: string, reader: ModelFileReader, maxBytes: number): Promise<ModelJsonFile> {
  const what = `Model file "${path}"`;
  const realFolder = await guardFileAccess(`Model folder "${dirname(path)}"`, () => reader.realpath(dirname(path)));
  const real = await guardFileAccess(what, () => reader.realpath(path));
  const info = await guardFileAccess(what, () => reader.stat(real));
  if (!info.isFile()) throw new InputError('MODEL_MISSING', `${what} is not a regular file. Point model.path at the model.json file.`);
  refuseHardLinks(what, info);
  if (info.size > maxBytes) {
    throw new InputError('MODEL_JSON_TOO_LARGE', `${what} is ${info.size} bytes, over the ${maxBytes}-byte limit for model.json. Is this really a tfjs model.json?`);
  }
  const bytes = await guardFileAccess(what, () => reader.readFile(real));
  if (bytes.byteLength > maxBytes) {
    throw new InputError('MODEL_JSON_TOO_LARGE', `${what} grew past the ${maxBytes}-byte limit while being read.`);
  }
  const json = checkModelJson(parseJson(bytes, what), what);
  return { path, realFolder, bytes, json };
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  let text: string;
  try {
    // TextDecoder drops a leading byte-order mark, which some editors add.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('MODEL_JSON', `${what} is not UTF-8 text. Point model.path at the model.json written by tfjs (not a .bin or .h5 file).`);
  }
  let protoKey = false;
  let parsed: unknown;
  try {
    // A `__proto__` key is never part of a tfjs model and becomes prototype pollution once
    // tfjs copies configs with plain assignments, so it is refused rather than kept.
    parsed = JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') protoKey = true;
      return value;
    });
  } catch (error) {
    throw new InputError('MODEL_JSON', `${what} is not valid JSON: ${describeJsonError(error, text)}. Re-export the model or fix the file.`);
  }
  if (protoKey) throw new InputError('MODEL_JSON', `${what} contains a "__proto__" key, which no tfjs model has. The file is corrupt or hostile.`);
  return parsed;
}

/**
 * Where the parse failed (line:column) and what kind of failure it was, plus a NaN hint. V8's
 * message is not repeated: it quotes a snippet of the file, and model.path may name any file on
 * the machine (say /proc/self/environ), so quoting it could print secrets into a CI log.
 */
function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  let where = '';
  if (position) {
    const before = text.slice(0, Number(position[1]));
    const line = before.split('\n').length;
    where = ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
  }
  // V8's own wording is kept only where it quotes no text ("Expected ',' or ']' after array
  // element"); snippets of the file come in double quotes.
  const plain = message.replace(/ in JSON at position \d+.*$/s, '');
  const what = /end of (JSON )?(input|data)/i.test(message) ? 'the text ends early (truncated?)'
    : plain.includes('"') ? 'syntax error' : plain.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 200);
  const nanHint = /\b(NaN|Infinity)\b/.test(text) ? ' (NaN and Infinity are not valid JSON)' : '';
  return `${what}${where}${nanHint}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkModelJson(parsed: unknown, what: string): ModelJson {
  if (!isRecord(parsed)) throw new InputError('MODEL_JSON', `${what} is not a JSON object. Point model.path at a tfjs model.json.`);
  if (!isRecord(parsed.modelTopology)) {
    throw new InputError('MODEL_JSON', `${what} has no "modelTopology" object. It is not a tfjs model.json (convert Keras/TF models with tensorflowjs_converter).`);
  }
  const manifest = parsed.weightsManifest;
  if (!Array.isArray(manifest)) {
    throw new InputError('MODEL_JSON', `${what} has no "weightsManifest" array. Re-export the model with its weights (tfjs model.save or tensorflowjs_converter).`);
  }
  manifest.forEach((group: unknown, index) => {
    const label = `${what} weightsManifest[${index}]`;
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new InputError('MODEL_MANIFEST', `${label} needs "paths" and "weights" arrays. Re-export the model.`);
    }
    group.paths.forEach((entry: unknown, pathIndex) => {
      if (typeof entry !== 'string') {
        throw new InputError('MODEL_MANIFEST', `${label}.paths[${pathIndex}] is ${JSON.stringify(entry)}, not a file name. Re-export the model.`);
      }
    });
    if (group.paths.length === 0 && group.weights.length > 0) {
      throw new InputError('MODEL_MANIFEST', `${label} lists weights but no weight files. Re-export the model.`);
    }
  });
  return parsed as ModelJson;
}
