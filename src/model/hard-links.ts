import { InputError } from '../errors.js';
import type { ModelFileStat } from './model-file-reader.js';

/**
 * Refuses a model file with more than one hard link. A hard link is the same file under another
 * name: one inside the model folder can point at any file on the same file system (a key, another
 * user's data), and no path check can see where its other names are. Model exports never create
 * hard links; a copy (`cp --no-preserve=links`, or re-exporting) replaces one.
 *
 * @param what - the file as named in messages, e.g. `Weight file "w.bin"`
 * @throws InputError `MODEL_HARD_LINK` (exit 2)
 */
export function refuseHardLinks(what: string, info: ModelFileStat): void {
  if (info.nlink !== undefined && info.nlink > 1) {
    throw new InputError('MODEL_HARD_LINK',
      `${what} has ${info.nlink} hard links: it is also reachable under another name, possibly outside the model folder, so robustcheck does not read it. ` +
      'Replace it with a plain copy (cp the file to a new name, then move it over the link).');
  }
}
