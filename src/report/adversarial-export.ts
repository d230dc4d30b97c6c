import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeNpy, encodeNpy } from '../data/npy.js';
import { RuntimeFailure } from '../errors.js';
import { writeFileAtomic } from './write-atomic.js';

/** One attack × budget's adversarial inputs as evaluated, aligned row by row. */
export interface AdversarialCase {
  attackId: string;
  budgetKind: 'epsilon' | 'severity';
  budget: number;
  /** Dataset indices of the attacked samples. */
  indices: number[];
  labels: Int32Array;
  /** Predicted class on each adversarial input (the fresh forward pass that decided the outcome). */
  predictions: Int32Array;
  /** The exact float32 inputs fed to the model, row-major `[count, ...inputShape]`. */
  values: Float32Array;
}

/** Entry of `adversarials.json` for one case. */
export interface ExportedCase {
  attack: string;
  budgetKind: 'epsilon' | 'severity';
  budget: number;
  count: number;
  /** Files relative to the manifest, with their SHA-256. */
  files: Record<'adversarial' | 'indices' | 'labels' | 'predictions', { path: string; sha256: string }>;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Writes `.npy` files, then reads every one back and checks that it decodes to the same shape and
 * the same bytes (float32 values compared bit for bit), so a saved adversarial is exactly the
 * input that was evaluated.
 */
function writeVerified(path: string, values: Float32Array | Int32Array, shape: number[]): string {
  const bytes = encodeNpy(values, shape);
  writeFileAtomic(path, bytes);
  const reread = new Uint8Array(readFileSync(path));
  const decoded = decodeNpy(reread);
  const expected = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const actual = new Uint8Array(decoded.values.buffer, decoded.values.byteOffset, decoded.values.byteLength);
  if (sha256(reread) !== sha256(bytes) || decoded.shape.join() !== shape.join() || Buffer.compare(Buffer.from(actual), Buffer.from(expected)) !== 0) {
    throw new RuntimeFailure('ADVERSARIAL_VERIFY', `${path} did not read back as written; the disk or file system under --save-adversarials is unreliable.`);
  }
  return sha256(bytes);
}

/**
 * `--save-adversarials`: per attack × budget, `<dir>/<attack-id>/<eps|severity>-<budget>/` with
 * `adversarial.npy` (float32 `[count, ...inputShape]`), `indices.npy`, `labels.npy` and
 * `predictions.npy` (int32 `[count]`), plus `<dir>/adversarials.json` listing them with hashes.
 * Only attacked samples are saved: a sample broken at a smaller ε is not attacked again (its
 * saved adversarial is the smaller ε's).
 */
export class AdversarialExporter {
  private readonly cases: ExportedCase[] = [];

  constructor(private readonly dir: string, private readonly suiteId: string, private readonly inputShape: number[]) {}

  /** Saves and verifies one case; updates the manifest. */
  save(entry: AdversarialCase): void {
    const count = entry.indices.length;
    const length = this.inputShape.reduce((a, b) => a * b, 1);
    if (entry.values.length !== count * length || entry.labels.length !== count || entry.predictions.length !== count) {
      throw new RuntimeFailure('ADVERSARIAL_SHAPE', `Adversarials of ${entry.attackId} at ${entry.budget} do not match their ${count} samples; this is a bug in robustcheck.`);
    }
    const folder = `${entry.attackId}/${entry.budgetKind === 'severity' ? 'severity' : 'eps'}-${entry.budget}`;
    const file = (name: string) => ({ relative: `${folder}/${name}.npy`, absolute: join(this.dir, folder, `${name}.npy`) });
    const write = (name: 'adversarial' | 'indices' | 'labels' | 'predictions', values: Float32Array | Int32Array, shape: number[]) => {
      const target = file(name);
      return { path: target.relative, sha256: writeVerified(target.absolute, values, shape) };
    };
    this.cases.push({
      attack: entry.attackId, budgetKind: entry.budgetKind, budget: entry.budget, count,
      files: {
        adversarial: write('adversarial', entry.values, [count, ...this.inputShape]),
        indices: write('indices', Int32Array.from(entry.indices), [count]),
        labels: write('labels', entry.labels, [count]),
        predictions: write('predictions', entry.predictions, [count]),
      },
    });
    const manifest = { suite: this.suiteId, dtype: 'float32', inputShape: this.inputShape, cases: this.cases };
    writeFileAtomic(join(this.dir, 'adversarials.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
}
