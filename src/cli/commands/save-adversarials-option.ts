import { resolve } from 'node:path';
import { suiteFilePath } from '../../reporters/suite-files.js';

/**
 * Where `--save-adversarials [DIR]` puts a suite's exported adversarials: `DIR/<suite-id>/`, or
 * `<out>/<suite-id>/adversarials/` when no folder is given.
 */
export function adversarialFolder(out: string, flag: string | true): (suiteId: string) => string {
  return (suiteId) => (flag === true ? suiteFilePath(resolve(out), suiteId, 'adversarials') : suiteFilePath(resolve(flag), suiteId, ''));
}
