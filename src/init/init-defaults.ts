/**
 * Defaults of `robustcheck init` that decide where a new user lands: the suite id, where the suite
 * is written, and whether the model and data named on the command line exist at all.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { idPattern } from '../suite/schema.js';
import { suiteFileSuffix } from '../suite/discover.js';

/** File names that say nothing about the model (`model.json`); the folder then names it. */
const genericStems = new Set(['model', 'models', 'index', 'graph', 'tfjs', 'saved_model', 'tfjs_model']);

/** Turns any name into a valid suite id, or `undefined` when nothing usable is left. */
function toId(name: string): string | undefined {
  const id = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').replace(/-+$/, '').slice(0, 64);
  return id && new RegExp(idPattern).test(id) ? id : undefined;
}

/**
 * A suite id for a model file: its own name (`models/emotion.json` → `emotion`), or for a generic
 * `model.json` its folder (`models/fashion-cnn/model.json` → `fashion-cnn`). Several models kept
 * side by side in one folder therefore get different ids.
 *
 * @param modelPath - path of model.json (absolute or relative)
 */
export function defaultSuiteId(modelPath: string): string {
  const stem = basename(modelPath, extname(modelPath)).replace(/[-_.]?model$/i, '') || basename(modelPath, extname(modelPath));
  const fromFile = genericStems.has(stem.toLowerCase()) ? undefined : toId(stem);
  return fromFile ?? toId(basename(dirname(resolve(modelPath)))) ?? 'model';
}

/**
 * Where the suite goes without `--out`: `suites/<id>.suite.json` under the working folder — the
 * folder `run`, `validate` and `ui` search when given no suite — so the next command finds it.
 */
export function defaultSuitePath(id: string, cwd = process.cwd()): string {
  return join(cwd, 'suites', `${id}${suiteFileSuffix}`);
}

/**
 * Refuses a model or data path that does not exist, saying which flag named it, before anything
 * else is checked (an existing suite file, the id): a missing model is reported as that.
 *
 * @param flag - `--model`, `--data` or `--labels`
 * @param path - the path as given
 * @returns the absolute path (a folder holding `model.json` becomes that file for `--model`)
 */
export function existingInput(flag: '--model' | '--data' | '--labels', path: string): string {
  const absolute = resolve(path);
  const info = statSync(absolute, { throwIfNoEntry: false });
  const shown = relative('.', absolute) || path;
  if (!info) {
    const what = flag === '--model' ? 'the model.json of a tfjs LayersModel or GraphModel' : flag === '--data' ? 'a data file (.npy, .npz, IDX) or an image folder' : 'a labels file (.npy or IDX)';
    throw new InputError(flag === '--model' ? 'MODEL_MISSING' : 'DATA_MISSING', `${flag} ${shown}: no such file or folder. Give ${what}.`);
  }
  if (flag === '--model' && info.isDirectory()) {
    const inside = join(absolute, 'model.json');
    if (existsSync(inside)) return inside;
    throw new InputError('MODEL_MISSING', `${flag} ${shown} is a folder without a model.json. Give the model.json file of a tfjs LayersModel or GraphModel.`);
  }
  return absolute;
}
