import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RuntimeFailure } from '../errors.js';

/**
 * Writes a file atomically: the content goes to a temporary file beside the target, which is then
 * renamed over it, so readers (and an interrupted run) never see a half-written report.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder itself is unusable (e.g. a file where a folder should be): nothing to clean.
    }
    throw new RuntimeFailure('REPORT_WRITE', `Could not write ${path}: ${(error as Error).message}. Check that --out points to a writable folder.`);
  }
}
